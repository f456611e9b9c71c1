package dev.loadtest.operator.run;

import dev.loadtest.api.v1alpha1.CleanupPolicy;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RunDecisionsTest {

    private static LoadTestStatus status(String runId, String phase, long observedGeneration) {
        LoadTestStatus s = new LoadTestStatus();
        s.setRunId(runId);
        s.setPhase(phase);
        s.setObservedGeneration(observedGeneration);
        return s;
    }

    @Test
    void aFreshLoadTestGetsARun() {
        assertThat(RunDecisions.needsNewRun(null, 1)).isTrue();
        assertThat(RunDecisions.needsNewRun(new LoadTestStatus(), 1)).isTrue();
    }

    @Test
    void aRunInProgressIsNeverReplaced() {
        for (String phase : new String[]{"Pending", "Starting", "Running", "Stopping"}) {
            assertThat(RunDecisions.needsNewRun(status("abc123", phase, 1), 7)).as(phase).isFalse();
        }
    }

    @Test
    void aFinishedRunIsFollowedByANewOneOnlyAfterASpecChange() {
        assertThat(RunDecisions.needsNewRun(status("abc123", "Succeeded", 3), 3)).isFalse();
        assertThat(RunDecisions.needsNewRun(status("abc123", "Failed", 3), 3)).isFalse();
        assertThat(RunDecisions.needsNewRun(status("abc123", "Succeeded", 3), 4)).isTrue();
        assertThat(RunDecisions.needsNewRun(status(null, "Failed", 3), 4)).as("an invalid spec was fixed").isTrue();
    }

    @Test
    void runIdsAreShortAndDistinct() {
        String id = RunDecisions.newRunId();
        assertThat(id).matches("[a-z0-9]{6}").isNotEqualTo(RunDecisions.newRunId());
    }

    @Test
    void cleanupFollowsTheTtls() {
        Instant done = Instant.parse("2026-11-26T10:00:00Z");
        CleanupDecision byDefaultPassed = CleanupDecision.decide(null, true, done, done);
        assertThat(byDefaultPassed.deleteRunnersNow()).isTrue();
        assertThat(byDefaultPassed.deleteLoadTestNow()).isFalse();
        assertThat(byDefaultPassed.recheckAfter()).isNull();

        CleanupDecision byDefaultFailed = CleanupDecision.decide(null, false, done, done.plusSeconds(3600));
        assertThat(byDefaultFailed.deleteRunnersNow()).as("kept for inspection").isFalse();
        assertThat(byDefaultFailed.recheckAfter()).isNull();

        CleanupPolicy policy = new CleanupPolicy();
        policy.setRunnersTtlSecondsAfterFailure(60);
        policy.setTtlSecondsAfterFinished(300);
        CleanupDecision early = CleanupDecision.decide(policy, false, done, done.plusSeconds(20));
        assertThat(early.deleteRunnersNow()).isFalse();
        assertThat(early.recheckAfter()).isEqualTo(Duration.ofSeconds(40));
        CleanupDecision later = CleanupDecision.decide(policy, false, done, done.plusSeconds(60));
        assertThat(later.deleteRunnersNow()).isTrue();
        assertThat(later.recheckAfter()).isEqualTo(Duration.ofSeconds(240));
        assertThat(CleanupDecision.decide(policy, false, done, done.plusSeconds(300)).deleteLoadTestNow()).isTrue();
    }
}
