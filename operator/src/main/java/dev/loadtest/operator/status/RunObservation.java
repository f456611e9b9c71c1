package dev.loadtest.operator.status;

import dev.loadtest.api.v1alpha1.RunSummary;
import dev.loadtest.api.v1alpha1.ThresholdResult;

import java.time.Instant;
import java.util.List;

/**
 * What the operator observed about a LoadTest's current run in one reconcile: the input of
 * {@link LoadTestStatusAggregator}.
 *
 * @param runId             the run (null when none could be started, e.g. an invalid spec)
 * @param phase             where the run is
 * @param reason            CamelCase reason of that phase (see {@link Conditions.Reasons})
 * @param message           a sentence for humans: what is happening or what went wrong and how to fix it
 * @param expectedRunners   runner pods the run needs
 * @param readyRunners      runner pods that are ready
 * @param failedRunners     runner pods that failed or vanished
 * @param users             users running now over all runners (null: unknown)
 * @param startTime         when the runners were started (null: not yet)
 * @param completionTime    when the run finished (null: not yet)
 * @param summary           merged statistics (null: keep the previous summary of this run)
 * @param thresholdsDefined whether the spec has thresholds
 * @param thresholds        threshold results (null: keep the previous ones of this run)
 * @param driftedFields     spec fields changed since the run started that apply only to the next run
 */
public record RunObservation(String runId, Phase phase, String reason, String message, Integer expectedRunners,
                             Integer readyRunners, Integer failedRunners, Integer users, Instant startTime,
                             Instant completionTime, RunSummary summary, boolean thresholdsDefined,
                             List<ThresholdResult> thresholds, List<String> driftedFields) {

    public RunObservation {
        driftedFields = driftedFields == null ? List.of() : List.copyOf(driftedFields);
    }

    /** A LoadTest whose spec is invalid: nothing is started. */
    public static RunObservation invalidSpec(String runId, String message) {
        return new RunObservation(runId, Phase.Failed, Conditions.Reasons.INVALID_SPEC, message, null, null, null,
                null, null, null, null, false, null, List.of());
    }
}
