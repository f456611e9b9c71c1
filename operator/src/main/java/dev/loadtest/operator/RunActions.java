package dev.loadtest.operator;

import dev.loadtest.api.v1alpha1.LoadTest;
import io.quarkus.logging.Log;

import java.util.List;

/**
 * Carries out the {@link RunAction}s of a {@link RunPlan}, in order: the thin, effectful half of the lifecycle.
 * It decides nothing; an action that fails throws, and the reconcile is retried and decided afresh.
 */
final class RunActions {

    private final RunObjects objects;
    private final LoadTestEvents events;
    private final RunMemory memory;
    private final ResultsKeeper results;

    RunActions(RunObjects objects, LoadTestEvents events, RunMemory memory, ResultsKeeper results) {
        this.objects = objects;
        this.events = events;
        this.memory = memory;
        this.results = results;
    }

    /** @param creates how objects are created (JOSDK's read-your-own-writes create, see {@link Creates}) */
    void execute(LoadTest loadTest, List<RunAction> actions, Creates creates) {
        for (RunAction action : actions) {
            switch (action) {
                case RunAction.CreateRunObjects create -> objects.create(loadTest, create, creates);
                case RunAction.StopRemainingRunners stop -> objects.stopRemainingRunners(loadTest, stop.runId());
                case RunAction.KeepResults keep -> results.keep(loadTest, keep.before(), keep.finished());
                case RunAction.DeleteRunObjects delete -> objects.delete(loadTest, delete.runId());
                case RunAction.DeleteLoadTest ignored -> {
                    Log.infof("Deleting LoadTest %s/%s: spec.cleanup.ttlSecondsAfterFinished is up",
                            loadTest.getMetadata().getNamespace(), loadTest.getMetadata().getName());
                    objects.deleteLoadTest(loadTest);
                }
                case RunAction.RecordEvent event -> events.record(loadTest, event.type(), event.reason(), event.message());
                case RunAction.ForgetRun ignored -> memory.forget(loadTest.getMetadata().getUid());
            }
        }
    }
}
