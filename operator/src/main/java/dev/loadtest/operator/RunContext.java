package dev.loadtest.operator;

import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.operator.run.RunSpecs;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.List;
import java.util.Objects;

/**
 * Everything one step of a run in progress needs to know about it, from the API server: built with
 * {@link #builder(String)}, which names each part instead of eight positional ones.
 *
 * @param runId         the run
 * @param runSpec       the spec the run was started with (the snapshot in its Secret)
 * @param effective     what the run uses now: the snapshot with the live fields (users, spawn rate) of the LoadTest
 * @param drift         spec fields changed since the run started that apply only to the next run
 * @param token         the run's control-API token
 * @param job           the run's runner Job (its creation time starts the start timeout)
 * @param pods          the run's runner pods
 * @param stopRequested the {@code loadtest.dev/stop} annotation is on the LoadTest
 */
public record RunContext(String runId, LoadTestSpec runSpec, LoadTestSpec effective, List<String> drift, String token,
                         Job job, List<Pod> pods, boolean stopRequested) {

    public RunContext {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(runSpec, "runSpec");
        Objects.requireNonNull(job, "job");
        effective = effective == null ? runSpec : effective;
        drift = drift == null ? List.of() : List.copyOf(drift);
        pods = pods == null ? List.of() : List.copyOf(pods);
    }

    public static Builder builder(String runId) {
        return new Builder(runId);
    }

    public static final class Builder {
        private final String runId;
        private LoadTestSpec runSpec;
        private LoadTestSpec liveSpec;
        private String token;
        private Job job;
        private List<Pod> pods;
        private boolean stopRequested;

        private Builder(String runId) {
            this.runId = runId;
        }

        /** The spec snapshot the run was started with. */
        public Builder runSpec(LoadTestSpec runSpec) {
            this.runSpec = runSpec;
            return this;
        }

        /** The LoadTest's spec now: its live fields apply to the run, the others are reported as drift. */
        public Builder liveSpec(LoadTestSpec liveSpec) {
            this.liveSpec = liveSpec;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder job(Job job) {
            this.job = job;
            return this;
        }

        public Builder pods(List<Pod> pods) {
            this.pods = pods;
            return this;
        }

        public Builder stopRequested(boolean stopRequested) {
            this.stopRequested = stopRequested;
            return this;
        }

        public RunContext build() {
            Objects.requireNonNull(runSpec, "runSpec");
            LoadTestSpec live = liveSpec == null ? runSpec : liveSpec;
            return new RunContext(runId, runSpec, RunSpecs.effective(runSpec, live), RunSpecs.driftedFields(runSpec, live),
                    token, job, pods, stopRequested);
        }
    }
}
