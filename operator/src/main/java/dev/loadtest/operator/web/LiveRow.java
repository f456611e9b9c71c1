package dev.loadtest.operator.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.loadtest.api.report.Summaries;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.v1alpha1.EndpointSummary;

/**
 * One row of the page's statistics table under the JSON keys of Locust's {@code /stats/requests} rows (those the
 * runner's page reads too), so both pages show the same columns from the same figures. Times in milliseconds;
 * null where the source has no such figure (status keeps no minimum and no content size).
 */
public record LiveRow(
        @JsonProperty("method") String method,
        @JsonProperty("name") String name,
        @JsonProperty("num_requests") long requests,
        @JsonProperty("num_failures") long failures,
        @JsonProperty("median_response_time") Double medianMs,
        @JsonProperty("response_time_percentile_0.95") Double p95Ms,
        @JsonProperty("response_time_percentile_0.99") Double p99Ms,
        @JsonProperty("avg_response_time") Double avgMs,
        @JsonProperty("min_response_time") Double minMs,
        @JsonProperty("max_response_time") Double maxMs,
        @JsonProperty("avg_content_length") Double avgContentLength,
        @JsonProperty("total_rps") Double totalRps,
        @JsonProperty("current_rps") Double currentRps,
        @JsonProperty("current_fail_per_sec") Double currentFailPerSec) {

    /** A row of the operator's exact merge; rates over the whole test's [start, last] as Locust computes them. */
    static LiveRow of(EndpointStats e, long testStart, long testLast, long now) {
        boolean none = e.numRequests() == 0;
        return new LiveRow(e.key().method(), e.key().name(), e.numRequests(), e.numFailures(),
                none ? null : round(e.medianMs()), none ? null : round(e.percentileMs(0.95)),
                none ? null : round(e.percentileMs(0.99)), none ? null : round(e.avgResponseTimeMs()),
                none ? null : round(e.minResponseTimeMs()), none ? null : round(e.maxResponseTimeMs()),
                Summaries.round(e.avgContentLength(), 1), Summaries.round(e.totalRps(testStart, testLast), 2),
                Summaries.round(e.currentRps(testStart, now), 2), Summaries.round(e.currentFailPerSec(testStart, now), 2));
    }

    /** A row of status.summary: what a run's page shows once its live figures are gone (an operator restart). */
    static LiveRow of(EndpointSummary s) {
        long requests = s.getRequests() == null ? 0 : s.getRequests();
        long failures = s.getFailures() == null ? 0 : s.getFailures();
        return new LiveRow(s.getMethod() == null ? "" : s.getMethod(), s.getName(), requests, failures, s.getP50Ms(),
                s.getP95Ms(), s.getP99Ms(), s.getAvgMs(), null, s.getMaxMs(), null, s.getRps(), s.getCurrentRps(), null);
    }

    /** This row under {@code fallback} when it has no name (status writes Aggregated without one). */
    LiveRow named(String fallback) {
        return name != null ? this : new LiveRow(method, fallback, requests, failures, medianMs, p95Ms, p99Ms, avgMs,
                minMs, maxMs, avgContentLength, totalRps, currentRps, currentFailPerSec);
    }

    private static double round(double ms) {
        return Summaries.round(ms, 3);
    }
}
