package dev.loadtest.operator;

import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.operator.results.RunResults;
import dev.loadtest.operator.status.RunObservation;
import io.quarkus.logging.Log;

/**
 * Persists a finished run's final merged figures with {@link RunResults} and deletes the results of runs that left
 * status.history. A failure is an Event, never a failed run.
 */
final class KeptRunResults implements ResultsKeeper {

    private final RunResults results;
    private final RunMemory memory;
    private final LoadTestEvents events;

    KeptRunResults(RunResults results, RunMemory memory, LoadTestEvents events) {
        this.results = results;
        this.memory = memory;
        this.events = events;
    }

    @Override
    public void keep(LoadTest loadTest, LoadTestStatus status, RunObservation finished) {
        RunMemory.Run run = memory.peek(loadTest.getMetadata().getUid());
        try {
            if (run != null && run.runId.equals(finished.runId()) && !run.latest.isEmpty()) {
                StatsSnapshot merged = StatsSnapshot.merge(finished.runId(), run.latest.values());
                long inStatus = finished.summary() == null || finished.summary().getAggregated() == null
                        || finished.summary().getAggregated().getRequests() == null ? 0
                        : finished.summary().getAggregated().getRequests();
                int bytes = results.writeOnce(loadTest, RunResults.of(loadTest, status, finished, merged, run.recorder,
                        merged.total().numRequests() >= inStatus));
                if (bytes >= 0) {
                    Log.infof("Kept the results of run %s of LoadTest %s/%s (%d bytes)", finished.runId(),
                            loadTest.getMetadata().getNamespace(), loadTest.getMetadata().getName(), bytes);
                }
            }
            results.prune(loadTest, finished.runId(), status == null ? null : status.getHistory());
        } catch (RuntimeException e) {
            Log.warnf(e, "Could not keep the results of run %s", finished.runId());
            events.record(loadTest, EventRecorder.WARNING, "ResultsNotKept", "The results of run " + finished.runId()
                    + " could not be written: " + e.getMessage());
        }
    }
}
