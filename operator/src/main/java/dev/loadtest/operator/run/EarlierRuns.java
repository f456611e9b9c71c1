package dev.loadtest.operator.run;

import dev.loadtest.api.v1alpha1.CleanupPolicy;
import dev.loadtest.api.v1alpha1.RunRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * When the objects of runs before the current one are deleted: each by its own TTL (spec.cleanup), from its
 * record in status.history, whatever run came after it. A run with objects but no finished record (dropped from
 * the bounded history, or never finished) has nothing left to wait for. Pure.
 */
public final class EarlierRuns {

    /**
     * @param deleteNow    run ids whose objects are due
     * @param recheckAfter when the next one is due (null: nothing to wait for)
     */
    public record Due(Set<String> deleteNow, Duration recheckAfter) {
    }

    private EarlierRuns() {
    }

    public static Due decide(CleanupPolicy policy, String currentRunId, List<RunRecord> history,
                             Collection<String> runIdsWithObjects, Instant now) {
        Set<String> due = new TreeSet<>();
        Duration wait = null;
        for (String runId : runIdsWithObjects) {
            if (runId == null || runId.equals(currentRunId)) {
                continue;
            }
            RunRecord record = history == null ? null : history.stream()
                    .filter(r -> Objects.equals(runId, r.getRunId())).findFirst().orElse(null);
            if (record == null || record.getCompletionTime() == null) {
                due.add(runId);
                continue;
            }
            // the LoadTest's own TTL is not this run's business
            CleanupDecision d = CleanupDecision.decide(policy == null ? null : withoutLoadTestTtl(policy),
                    "Succeeded".equals(record.getResult()), Instant.parse(record.getCompletionTime()), now);
            if (d.deleteRunnersNow()) {
                due.add(runId);
            } else if (d.recheckAfter() != null && (wait == null || d.recheckAfter().compareTo(wait) < 0)) {
                wait = d.recheckAfter();
            }
        }
        return new Due(due, wait);
    }

    private static CleanupPolicy withoutLoadTestTtl(CleanupPolicy p) {
        CleanupPolicy copy = new CleanupPolicy();
        copy.setRunnersTtlSecondsAfterSuccess(p.getRunnersTtlSecondsAfterSuccess());
        copy.setRunnersTtlSecondsAfterFailure(p.getRunnersTtlSecondsAfterFailure());
        return copy;
    }
}
