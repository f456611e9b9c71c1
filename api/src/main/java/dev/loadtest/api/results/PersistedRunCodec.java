package dev.loadtest.api.results;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.ExceptionStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.api.stats.StatsSnapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A {@link PersistedRun}'s bytes: gzip-compressed JSON in which every histogram is HdrHistogram's V2 encoding (run
 * length and varint coded, so as small as its populated buckets). Split into parts of at most {@link #PART_BYTES}
 * (a ConfigMap holds at most 1 MiB), and never more than {@link #MAX_PARTS} parts: {@link #fit} folds the least
 * requested endpoints into one row until the run fits. Pure.
 */
public final class PersistedRunCodec {

    /** Bytes of one part: a ConfigMap's data may total 1 MiB; the rest is left for its metadata. */
    public static final int PART_BYTES = 900 * 1024;
    /** At most this many parts (3.5 MiB) per run; beyond, endpoints are folded (see {@link #fit}). */
    public static final int MAX_PARTS = 4;
    public static final int MAX_BYTES = PART_BYTES * MAX_PARTS;
    /** Failures and exceptions kept (the most frequent) once a run had to be folded. */
    static final int MAX_FOLDED_FAILURES = 100;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private PersistedRunCodec() {
    }

    /** The run's bytes, gzip-compressed JSON. */
    public static byte[] encode(PersistedRun run) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            JSON.writeValue(gzip, run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The run from its bytes; an error names what is wrong with them. */
    public static PersistedRun decode(byte[] encoded) {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(encoded))) {
            PersistedRun run = JSON.readValue(gzip, PersistedRun.class);
            if (run.formatVersion() > PersistedRun.FORMAT_VERSION) {
                throw new IllegalArgumentException("the results were written in format " + run.formatVersion()
                        + ", newer than this version reads (" + PersistedRun.FORMAT_VERSION + "): use a newer loadtest");
            }
            return run;
        } catch (IOException e) {
            throw new IllegalArgumentException("the persisted results cannot be read: " + e.getMessage(), e);
        }
    }

    /** Encoded bytes that fit the limit, with the run they encode (folded if it had to be). */
    public record Fitted(PersistedRun run, byte[] encoded) {
    }

    /**
     * The run encoded within {@link #MAX_BYTES}. A run too big keeps its most requested endpoints (halving how many
     * until it fits) and folds the others into one row, {@code Other (N endpoints)}, merged exactly, so the
     * Aggregated row and every kept endpoint stay exact; failures and exceptions then keep the
     * {@value #MAX_FOLDED_FAILURES} most frequent. As a last resort the history is dropped. Never fails.
     */
    public static Fitted fit(PersistedRun run) {
        return fit(run, MAX_BYTES);
    }

    static Fitted fit(PersistedRun run, int maxBytes) {
        byte[] encoded = encode(run);
        if (encoded.length <= maxBytes) {
            return new Fitted(run, encoded);
        }
        int keep = run.stats().entries().size();
        PersistedRun folded = run;
        while (encoded.length > maxBytes && keep > 0) {
            keep /= 2;
            folded = folded(run, keep);
            encoded = encode(folded);
        }
        if (encoded.length > maxBytes) {
            folded = new PersistedRun(folded.formatVersion(), folded.namespace(), folded.loadTest(), folded.runId(),
                    folded.host(), folded.loadfile(), folded.users(), folded.spawnRate(), folded.startEpochMillis(),
                    folded.endEpochMillis(), folded.phase(), folded.reason(), folded.message(), folded.thresholds(),
                    folded.complete(), folded.stats(), List.of(), List.of(), folded.foldedEndpoints());
            encoded = encode(folded);
        }
        return new Fitted(folded, encoded);
    }

    /** The run with only its {@code keep} most requested endpoints, the others merged into one row. */
    static PersistedRun folded(PersistedRun run, int keep) {
        StatsSnapshot s = run.stats();
        List<EndpointStats> busiestFirst = new ArrayList<>(s.entries());
        busiestFirst.sort(Comparator.comparingLong(EndpointStats::numRequests).reversed()
                .thenComparing(EndpointStats::key));
        List<EndpointStats> kept = new ArrayList<>(busiestFirst.subList(0, Math.min(keep, busiestFirst.size())));
        List<EndpointStats> rest = busiestFirst.subList(kept.size(), busiestFirst.size());
        if (!rest.isEmpty()) {
            EndpointStats other = new EndpointStats(new EndpointKey("", "Other (" + rest.size() + " endpoints)"));
            rest.forEach(other::merge);
            kept.add(other);
        }
        kept.sort(Comparator.comparing(EndpointStats::key));
        List<FailureStats> failures = s.failures().stream()
                .sorted(Comparator.comparingLong(FailureStats::occurrences).reversed())
                .limit(MAX_FOLDED_FAILURES)
                .sorted(Comparator.comparing(FailureStats::name).thenComparing(FailureStats::method)
                        .thenComparing(FailureStats::error))
                .toList();
        List<ExceptionStats> exceptions = s.exceptions().stream()
                .sorted(Comparator.comparingLong(ExceptionStats::count).reversed())
                .limit(MAX_FOLDED_FAILURES).toList();
        StatsSnapshot stats = new StatsSnapshot(s.runId(), s.runner(), s.incarnation(), s.state(), s.userCount(),
                s.userClassCounts(), s.timestampEpochMillis(), kept, failures, exceptions);
        return new PersistedRun(run.formatVersion(), run.namespace(), run.loadTest(), run.runId(), run.host(),
                run.loadfile(), run.users(), run.spawnRate(), run.startEpochMillis(), run.endEpochMillis(), run.phase(),
                run.reason(), run.message(), run.thresholds(), run.complete(), stats, run.history(),
                run.historyCsvRows(), rest.size());
    }

    /** The bytes cut into parts of at most {@link #PART_BYTES}, in order. */
    public static List<byte[]> split(byte[] encoded) {
        return split(encoded, PART_BYTES);
    }

    static List<byte[]> split(byte[] encoded, int partBytes) {
        List<byte[]> parts = new ArrayList<>();
        for (int from = 0; from < encoded.length; from += partBytes) {
            parts.add(java.util.Arrays.copyOfRange(encoded, from, Math.min(encoded.length, from + partBytes)));
        }
        if (parts.isEmpty()) {
            parts.add(new byte[0]);
        }
        return parts;
    }

    /** The parts, in order, put back together. */
    public static byte[] join(List<byte[]> parts) {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        parts.forEach(whole::writeBytes);
        return whole.toByteArray();
    }
}
