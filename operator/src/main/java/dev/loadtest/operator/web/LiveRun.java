package dev.loadtest.operator.web;

import dev.loadtest.api.v1alpha1.FailureSummary;
import dev.loadtest.api.v1alpha1.ThresholdResult;

import java.util.List;

/**
 * The live figures of one LoadTest's current run as the operator merged them at its last poll of the runners.
 *
 * @param runId          the run they belong to
 * @param updatedMillis  when the operator merged them
 * @param users          users running at that poll, over all runners
 * @param rows           every endpoint in Locust's order (at most {@link LiveRuns#MAX_ROWS}), then Aggregated
 * @param endpointCount  how many endpoints the run has (more than listed when cut)
 * @param failures       the most frequent failures
 * @param exceptions     exceptions thrown by user code
 * @param thresholds     each threshold judged on these figures (empty: none defined)
 */
public record LiveRun(String runId, long updatedMillis, int users, List<LiveRow> rows, int endpointCount,
                      List<FailureSummary> failures, long exceptions, List<ThresholdResult> thresholds) {

    public LiveRun {
        rows = List.copyOf(rows);
        failures = List.copyOf(failures);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    }

    /** The Aggregated row (always last). */
    public LiveRow aggregated() {
        return rows.getLast();
    }
}
