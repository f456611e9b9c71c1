package dev.loadtest.operator.run;

import dev.loadtest.api.v1alpha1.CleanupPolicy;

import java.time.Duration;
import java.time.Instant;

/**
 * What to delete after a run finished, per spec.cleanup: the run's objects (Job, pods, Secret, ConfigMap) after
 * the success or failure TTL, and the LoadTest itself after ttlSecondsAfterFinished. Absent TTLs keep things;
 * runners of a passed run go at once by default.
 *
 * @param deleteRunnersNow     the run's objects are due for deletion
 * @param deleteLoadTestNow    the LoadTest is due for deletion
 * @param recheckAfter         when the next TTL expires (null: nothing more to wait for)
 */
public record CleanupDecision(boolean deleteRunnersNow, boolean deleteLoadTestNow, Duration recheckAfter) {

    public static CleanupDecision decide(CleanupPolicy policy, boolean succeeded, Instant completion, Instant now) {
        CleanupPolicy p = policy == null ? new CleanupPolicy() : policy;
        // no conditional expression here: mixing int and Integer in one would unbox a null TTL
        Integer runnersTtl;
        if (succeeded) {
            runnersTtl = p.getRunnersTtlSecondsAfterSuccess() == null ? Integer.valueOf(0) : p.getRunnersTtlSecondsAfterSuccess();
        } else {
            runnersTtl = p.getRunnersTtlSecondsAfterFailure();
        }
        Integer loadTestTtl = p.getTtlSecondsAfterFinished();
        Duration wait = null;
        boolean runnersDue = false;
        boolean loadTestDue = false;
        if (runnersTtl != null) {
            Duration left = Duration.between(now, completion.plusSeconds(runnersTtl));
            runnersDue = !left.isPositive();
            wait = runnersDue ? null : left;
        }
        if (loadTestTtl != null) {
            Duration left = Duration.between(now, completion.plusSeconds(loadTestTtl));
            loadTestDue = !left.isPositive();
            if (!loadTestDue && (wait == null || left.compareTo(wait) < 0)) {
                wait = left;
            }
        }
        return new CleanupDecision(runnersDue, loadTestDue, wait);
    }
}
