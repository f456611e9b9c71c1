package dev.loadtest.operator.status;

import dev.loadtest.api.v1alpha1.LostRunner;
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
 * @param stopTime          when the runners were told to stop (null: keep this run's)
 * @param rerunToken        the loadtest.dev/rerun value a new run is started for (null: keep this run's)
 * @param lostRunners       runners that died during the run (null: keep this run's)
 */
public record RunObservation(String runId, Phase phase, String reason, String message, Integer expectedRunners,
                             Integer readyRunners, Integer failedRunners, Integer users, Instant startTime,
                             Instant completionTime, RunSummary summary, boolean thresholdsDefined,
                             List<ThresholdResult> thresholds, List<String> driftedFields, Instant stopTime,
                             String rerunToken, List<LostRunner> lostRunners) {

    public RunObservation {
        driftedFields = driftedFields == null ? List.of() : List.copyOf(driftedFields);
        lostRunners = lostRunners == null ? null : List.copyOf(lostRunners);
    }

    /** An observation that leaves the stop time, rerun token and lost runners as the run has them. */
    public RunObservation(String runId, Phase phase, String reason, String message, Integer expectedRunners,
                          Integer readyRunners, Integer failedRunners, Integer users, Instant startTime,
                          Instant completionTime, RunSummary summary, boolean thresholdsDefined,
                          List<ThresholdResult> thresholds, List<String> driftedFields) {
        this(runId, phase, reason, message, expectedRunners, readyRunners, failedRunners, users, startTime,
                completionTime, summary, thresholdsDefined, thresholds, driftedFields, null, null, null);
    }

    public RunObservation withStopTime(Instant at) {
        return new RunObservation(runId, phase, reason, message, expectedRunners, readyRunners, failedRunners, users,
                startTime, completionTime, summary, thresholdsDefined, thresholds, driftedFields, at, rerunToken,
                lostRunners);
    }

    public RunObservation withRerunToken(String token) {
        return new RunObservation(runId, phase, reason, message, expectedRunners, readyRunners, failedRunners, users,
                startTime, completionTime, summary, thresholdsDefined, thresholds, driftedFields, stopTime, token,
                lostRunners);
    }

    public RunObservation withLostRunners(List<LostRunner> lost) {
        return new RunObservation(runId, phase, reason, message, expectedRunners, readyRunners, failedRunners, users,
                startTime, completionTime, summary, thresholdsDefined, thresholds, driftedFields, stopTime, rerunToken,
                lost);
    }

    /** A LoadTest whose spec is invalid: nothing is started. */
    public static RunObservation invalidSpec(String runId, String message) {
        return new RunObservation(runId, Phase.Failed, Conditions.Reasons.INVALID_SPEC, message, null, null, null,
                null, null, null, null, false, null, List.of());
    }
}
