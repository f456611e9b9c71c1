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

    /** This observation, for a run started for the rerun token {@code token}. */
    public RunObservation withRerunToken(String token) {
        return new RunObservation(runId, phase, reason, message, expectedRunners, readyRunners, failedRunners, users,
                startTime, completionTime, summary, thresholdsDefined, thresholds, driftedFields, stopTime, token,
                lostRunners);
    }

    /** A LoadTest whose spec is invalid: nothing is started. */
    public static RunObservation invalidSpec(String runId, String message) {
        return builder(runId, Phase.Failed, Conditions.Reasons.INVALID_SPEC, message).build();
    }

    /** An observation of {@code runId} in {@code phase}; the other fields default to unknown (kept from status). */
    public static Builder builder(String runId, Phase phase, String reason, String message) {
        return new Builder(runId, phase, reason, message);
    }

    /** Names every field set, instead of seventeen positional ones of which most are null. */
    public static final class Builder {
        private final String runId;
        private final Phase phase;
        private final String reason;
        private final String message;
        private Integer expectedRunners;
        private Integer readyRunners;
        private Integer failedRunners;
        private Integer users;
        private Instant startTime;
        private Instant completionTime;
        private Instant stopTime;
        private RunSummary summary;
        private boolean thresholdsDefined;
        private List<ThresholdResult> thresholds;
        private List<String> driftedFields = List.of();
        private String rerunToken;
        private List<LostRunner> lostRunners;

        private Builder(String runId, Phase phase, String reason, String message) {
            this.runId = runId;
            this.phase = phase;
            this.reason = reason;
            this.message = message;
        }

        public Builder runners(Integer expected, Integer ready, Integer failed) {
            this.expectedRunners = expected;
            this.readyRunners = ready;
            this.failedRunners = failed;
            return this;
        }

        public Builder users(Integer users) {
            this.users = users;
            return this;
        }

        public Builder startTime(Instant startTime) {
            this.startTime = startTime;
            return this;
        }

        public Builder completionTime(Instant completionTime) {
            this.completionTime = completionTime;
            return this;
        }

        public Builder stopTime(Instant stopTime) {
            this.stopTime = stopTime;
            return this;
        }

        public Builder summary(RunSummary summary) {
            this.summary = summary;
            return this;
        }

        /** Whether the spec has thresholds, and their results (null: keep this run's). */
        public Builder thresholds(boolean defined, List<ThresholdResult> results) {
            this.thresholdsDefined = defined;
            this.thresholds = results;
            return this;
        }

        public Builder drift(List<String> driftedFields) {
            this.driftedFields = driftedFields;
            return this;
        }

        public Builder rerunToken(String rerunToken) {
            this.rerunToken = rerunToken;
            return this;
        }

        public Builder lostRunners(List<LostRunner> lostRunners) {
            this.lostRunners = lostRunners;
            return this;
        }

        public RunObservation build() {
            return new RunObservation(runId, phase, reason, message, expectedRunners, readyRunners, failedRunners,
                    users, startTime, completionTime, summary, thresholdsDefined, thresholds, driftedFields, stopTime,
                    rerunToken, lostRunners);
        }
    }
}
