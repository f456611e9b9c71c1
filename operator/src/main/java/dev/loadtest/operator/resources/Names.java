package dev.loadtest.operator.resources;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names of the objects a LoadTest owns, derived from the LoadTest's name and the run id, so that each run gets
 * fresh objects (a Job's pod template is immutable) and a restarted operator finds them again without state.
 */
public final class Names {

    /**
     * Longest child name. A Job's name becomes the value of its pods' {@code job-name} label (63 characters at
     * most) and the prefix of their generated names; 52 leaves room for both, as CronJob does.
     */
    public static final int MAX_LENGTH = 52;
    private static final int HASH_LENGTH = 5;

    private Names() {
    }

    public static String runnerJob(String loadTestName, String runId) {
        return child(loadTestName, "-" + runId);
    }

    public static String tokenSecret(String loadTestName, String runId) {
        return child(loadTestName, "-" + runId + "-token");
    }

    public static String loadfileConfigMap(String loadTestName, String runId) {
        return child(loadTestName, "-" + runId + "-loadfile");
    }

    /**
     * Part {@code part} of a run's persisted results: {@code NAME-RUNID-results}, then {@code -results-1}, ...
     * (a run needs more than one ConfigMap only past 900 KiB of results).
     */
    public static String results(String loadTestName, String runId, int part) {
        return child(loadTestName, "-" + runId + "-results" + (part == 0 ? "" : "-" + part));
    }

    /**
     * {@code base + suffix}, made a DNS-1123 label of at most {@link #MAX_LENGTH} characters. A base that must be
     * shortened keeps a hash of its full form, so two long names that share a prefix still differ.
     */
    static String child(String base, String suffix) {
        String clean = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        int room = MAX_LENGTH - suffix.length();
        if (clean.length() > room) {
            String hash = hash(base);
            clean = trimDashes(clean.substring(0, room - HASH_LENGTH - 1)) + "-" + hash;
        }
        return trimDashes(clean) + suffix;
    }

    /** A label value (63 characters at most, alphanumeric at both ends) that stands for {@code name}. */
    public static String labelValue(String name) {
        if (name.length() <= 63) {
            return name;
        }
        return trimDashes(name.substring(0, 63 - HASH_LENGTH - 1).replaceAll("[^A-Za-z0-9]+$", "")) + "-" + hash(name);
    }

    private static String trimDashes(String s) {
        return s.replaceAll("^-+", "").replaceAll("-+$", "");
    }

    static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
