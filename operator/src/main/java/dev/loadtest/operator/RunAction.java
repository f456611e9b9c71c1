package dev.loadtest.operator;

import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.operator.status.RunObservation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * What {@link RunLifecycle#decide} asks to be done, as data: the reconciler hands these to {@link RunActions},
 * which carries them out against the API server. Each is safe to repeat (creates tolerate what exists, deletes
 * what is gone), so a reconcile that fails half-way is simply decided again.
 */
public sealed interface RunAction {

    /**
     * Create the run's Secret (unless it exists: then {@code secret} is that one), its loadfile ConfigMap (when
     * inline, else null) and, unless it exists, its Job. The Job is built from the spec in the Secret the API server holds, so that a spec
     * changed between two reconciles never runs with settings other than those the run reports.
     */
    record CreateRunObjects(String runId, Secret secret, boolean secretExists, ConfigMap loadfile,
                            boolean jobExists) implements RunAction {
    }

    /** Parallelism 0 on a failed run's Job: pending or idle runners go, failed pods (and their messages) stay. */
    record StopRemainingRunners(String runId) implements RunAction {
    }

    /**
     * Persist the finished run's final merged figures (before status says the run ended, so that a crash in
     * between writes them again, once) and delete the results of runs that left status.history.
     *
     * @param before   the status before this run's verdict
     * @param finished the verdict
     */
    record KeepResults(LoadTestStatus before, RunObservation finished) implements RunAction {
    }

    /** Delete one run's Job (with its pods), Secret and ConfigMap. */
    record DeleteRunObjects(String runId) implements RunAction {
    }

    /** Delete the LoadTest itself (spec.cleanup.ttlSecondsAfterFinished is up). */
    record DeleteLoadTest() implements RunAction {
    }

    /** An Event on the LoadTest. */
    record RecordEvent(String type, String reason, String message) implements RunAction {
    }

    /** The run is over: drop what this operator cached about it. */
    record ForgetRun() implements RunAction {
    }
}
