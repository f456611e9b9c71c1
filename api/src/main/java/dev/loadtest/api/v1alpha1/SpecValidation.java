package dev.loadtest.api.v1alpha1;

import dev.loadtest.api.HttpVersion;
import dev.loadtest.api.Timespan;
import dev.loadtest.api.report.Thresholds;
import dev.loadtest.api.shape.Stages;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks what the CRD schema cannot express on Kubernetes 1.20 (no CEL there): cross-field rules, timespans,
 * thresholds. Each error names the field and says how to fix it; an invalid spec makes the LoadTest Stalled
 * with these messages instead of starting runners that would fail. The local CLI ({@code loadtest run}) checks
 * manifests with the same rules, so a manifest is judged the same on a laptop and in a cluster.
 */
public final class SpecValidation {

    /** A ConfigMap holds at most 1 MiB; leave room for its metadata. */
    static final int MAX_INLINE_BYTES = 1000 * 1024;

    private SpecValidation() {
    }

    public static List<String> errors(LoadTestSpec spec) {
        List<String> errors = new ArrayList<>();
        if (spec == null) {
            errors.add("spec is required: set at least spec.loadfile");
            return errors;
        }
        loadfile(spec.getLoadfile(), errors);
        timespan("spec.runTime", spec.getRunTime(), errors);
        timespan("spec.stopTimeout", spec.getStopTimeout(), errors);
        if (spec.getUsers() != null && spec.getUsers() < 0) {
            errors.add("spec.users must be 0 or more, was " + spec.getUsers());
        }
        if (spec.getRunners() != null && spec.getRunners() < 1) {
            errors.add("spec.runners must be at least 1, was " + spec.getRunners());
        }
        if (spec.getSpawnRate() != null && !(spec.getSpawnRate() > 0) && spec.getUsers() != null && spec.getUsers() > 0) {
            errors.add("spec.spawnRate must be above 0 to start " + spec.getUsers() + " users, e.g. spawnRate: 1");
        }
        if (spec.getHost() != null && !spec.getHost().matches("^https?://.+")) {
            errors.add("spec.host must be a base URL starting with http:// or https://, was '" + spec.getHost() + "'");
        }
        if (spec.getHttpVersion() != null) {
            try {
                HttpVersion.parse(spec.getHttpVersion());
            } catch (IllegalArgumentException e) {
                errors.add("spec.httpVersion: " + e.getMessage() + ", e.g. httpVersion: \"2\"");
            }
        }
        errors.addAll(Stages.errors(spec.getStages()));
        if (spec.getStages() != null && spec.getSpawnRate() != null && !(spec.getSpawnRate() > 0)
                && spec.getStages().stream().anyMatch(st -> st != null && st.getSpawnRate() == null)) {
            errors.add("spec.spawnRate must be above 0 for the stages without their own spawnRate, e.g. spawnRate: 1");
        }
        List<Threshold> thresholds = spec.getThresholds() == null ? List.of() : spec.getThresholds();
        for (int i = 0; i < thresholds.size(); i++) {
            String error = Thresholds.validate(thresholds.get(i), i);
            if (error != null) {
                errors.add(error);
            }
        }
        return errors;
    }

    private static void loadfile(LoadfileSource loadfile, List<String> errors) {
        if (loadfile == null) {
            errors.add("spec.loadfile is required: set one of configMap, inline or path");
            return;
        }
        int sources = (loadfile.getConfigMap() != null ? 1 : 0) + (loadfile.getInline() != null ? 1 : 0)
                + (loadfile.getPath() != null ? 1 : 0);
        if (sources != 1) {
            errors.add("spec.loadfile must set exactly one of configMap, inline or path; " + sources + " are set");
            return;
        }
        if (loadfile.getConfigMap() != null) {
            if (loadfile.getConfigMap().getName() == null || loadfile.getConfigMap().getName().isBlank()) {
                errors.add("spec.loadfile.configMap.name is required: the ConfigMap holding the .java files");
            }
            String key = loadfile.getConfigMap().getKey();
            if (key != null && !key.matches("[-._a-zA-Z0-9]+\\.(java|jar)")) {
                errors.add("spec.loadfile.configMap.key must be a ConfigMap key naming a .java source file or a .jar"
                        + " (kept under binaryData), e.g. ShopUser.java or loadtest.jar; was '" + key + "'");
            }
        }
        if (loadfile.getInline() != null) {
            Map<String, String> inline = loadfile.getInline();
            if (inline.isEmpty()) {
                errors.add("spec.loadfile.inline is empty: add at least one entry such as ShopUser.java: |");
            }
            for (String file : inline.keySet()) {
                if (!file.matches("[A-Za-z_$][A-Za-z0-9_$]*\\.java")) {
                    errors.add("spec.loadfile.inline key '" + file + "' must be a Java file name such as ShopUser.java");
                }
            }
            long bytes = inline.values().stream().mapToLong(v -> v == null ? 0 : v.getBytes(StandardCharsets.UTF_8).length).sum();
            if (bytes > MAX_INLINE_BYTES) {
                errors.add("spec.loadfile.inline is " + bytes + " bytes, more than a ConfigMap holds; put the sources"
                        + " in a jar in a custom runner image and use spec.loadfile.path");
            }
        }
        if (loadfile.getPath() != null && loadfile.getPath().isBlank()) {
            errors.add("spec.loadfile.path is empty: give a path inside the runner image, e.g. /loadfiles/shop.jar");
        }
    }

    private static void timespan(String field, String value, List<String> errors) {
        if (value == null) {
            return;
        }
        try {
            Timespan.parseSeconds(value);
        } catch (IllegalArgumentException e) {
            errors.add(field + ": " + e.getMessage());
        }
    }
}
