package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.api.stats.OpenModelStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.EndpointSummary;
import dev.loadtest.api.v1alpha1.FailureSummary;
import dev.loadtest.api.v1alpha1.OpenModelSummary;
import dev.loadtest.api.v1alpha1.RunSummary;

import java.util.Comparator;
import java.util.List;

/**
 * Turns merged statistics into the bounded summary kept in a LoadTest's status. Pure. Its size depends on neither
 * the number of runners nor of endpoints: at most {@value #MAX_ENDPOINTS} endpoints and {@value #MAX_FAILURES}
 * failures, their names and errors clipped to {@value #MAX_NAME_CHARS} and {@value #MAX_ERROR_CHARS} characters
 * (a request name can be a whole URL, an error a whole response body), so that a status stays far below the
 * API server's object size limit however big the run.
 */
public final class Summaries {

    public static final int MAX_ENDPOINTS = 20;
    public static final int MAX_FAILURES = 10;
    public static final int MAX_NAME_CHARS = 300;
    public static final int MAX_ERROR_CHARS = 500;
    public static final int MAX_CORRECTED_ENDPOINTS = 5;

    private Summaries() {
    }

    public static RunSummary of(StatsSnapshot merged, long nowEpochMillis) {
        EndpointStats total = merged.total();
        long start = total.startTimeEpochMillis();
        long last = total.lastRequestEpochMillis();
        RunSummary summary = new RunSummary();
        summary.setAggregated(endpoint(total, start, last, nowEpochMillis));
        summary.setEndpoints(merged.entries().stream()
                .sorted(Comparator.comparingLong(EndpointStats::numRequests).reversed()
                        .thenComparing(EndpointStats::key))
                .limit(MAX_ENDPOINTS)
                .map(e -> endpoint(e, start, last, nowEpochMillis))
                .toList());
        summary.setEndpointCount(merged.entries().size());
        summary.setFailures(merged.failures().stream()
                .sorted(Comparator.comparingLong(FailureStats::occurrences).reversed())
                .limit(MAX_FAILURES)
                .map(Summaries::failure)
                .toList());
        summary.setExceptions(merged.totalExceptions());
        summary.setOpenModel(openModel(merged.openModel(), start, last, nowEpochMillis));
        return summary;
    }

    /** The open model's part: null for a closed-model run. Timed against the raw run's start, as the raw rows. */
    static OpenModelSummary openModel(OpenModelStats open, long start, long last, long now) {
        if (open == null) {
            return null;
        }
        OpenModelSummary s = new OpenModelSummary();
        s.setArrivalRate(round(open.arrivalRate(), 3));
        s.setIterations(open.iterations());
        s.setDroppedIterations(open.dropped());
        s.setCorrectedAggregated(withoutEmptyMethod(endpoint(open.correctedTotal(), start, last, now)));
        s.setCorrectedEndpoints(open.corrected().stream()
                .sorted(Comparator.comparingLong(EndpointStats::numRequests).reversed()
                        .thenComparing(EndpointStats::key))
                .limit(MAX_CORRECTED_ENDPOINTS)
                .map(e -> withoutEmptyMethod(endpoint(e, start, last, now)))
                .toList());
        return s;
    }

    /**
     * Aggregated's empty method left out: status goes to the API server as a server-side-apply patch in YAML, where an
     * empty string can arrive as null and be refused (422) for a string field.
     */
    private static EndpointSummary withoutEmptyMethod(EndpointSummary e) {
        if ("".equals(e.getMethod())) {
            e.setMethod(null);
        }
        return e;
    }

    public static EndpointSummary endpoint(EndpointStats e, long testStart, long testLast, long now) {
        EndpointSummary s = new EndpointSummary();
        s.setMethod(e.key().method());
        s.setName(clip(e.key().name(), MAX_NAME_CHARS));
        s.setRequests(e.numRequests());
        s.setFailures(e.numFailures());
        s.setFailureRatio(round(e.failRatio(), 4));
        s.setRps(round(e.totalRps(testStart, testLast), 2));
        s.setCurrentRps(round(e.currentRps(testStart, now), 2));
        s.setAvgMs(round(e.avgResponseTimeMs(), 3));
        s.setP50Ms(round(e.medianMs(), 3));
        s.setP95Ms(round(e.percentileMs(0.95), 3));
        s.setP99Ms(round(e.percentileMs(0.99), 3));
        s.setMaxMs(round(e.maxResponseTimeMs(), 3));
        return s;
    }

    private static FailureSummary failure(FailureStats f) {
        FailureSummary s = new FailureSummary();
        s.setMethod(f.method());
        s.setName(clip(f.name(), MAX_NAME_CHARS));
        s.setError(clip(f.error(), MAX_ERROR_CHARS));
        s.setOccurrences(f.occurrences());
        return s;
    }

    /** {@code text} cut to {@code max} characters, the cut marked with an ellipsis. */
    static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1; // never half a character
        return text.substring(0, end) + "\u2026";
    }

    public static double round(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return 0;
        }
        return java.math.BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }

    /** Convenience for callers that want the rows in Locust's order: by name, then method. */
    public static List<EndpointStats> locustOrder(StatsSnapshot snapshot) {
        return snapshot.entries().stream().sorted(Comparator.comparing(EndpointStats::key)).toList();
    }
}
