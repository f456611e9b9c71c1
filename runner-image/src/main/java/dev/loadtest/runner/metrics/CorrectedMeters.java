package dev.loadtest.runner.metrics;

/**
 * The open model's corrected response times of one (method, name) row, in their own histogram
 * ({@code loadtest_requests_corrected_seconds}, the same buckets as {@code loadtest_requests_seconds}), so that a
 * dashboard can put the two side by side. Failures are counted once, by the raw row.
 */
public final class CorrectedMeters {

    private final LatencyHistogram latency;

    CorrectedMeters(LatencyCollector latencies, String method, String name) {
        this.latency = latencies.row(method, name);
    }

    /** @param nowMillis the wall clock read for the request */
    public void record(long micros, long nowMillis) {
        latency.record(micros, nowMillis);
    }
}
