package dev.loadtest.operator.run;

import dev.loadtest.api.v1alpha1.CleanupPolicy;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    private static LoadTestStatus drifted(LoadTestStatus s) {
        s.setConditions(List.of(new ConditionBuilder().withType("SpecDrifted").withStatus("True").build()));
        return s;
    }

    private static LoadTestStatus withToken(LoadTestStatus s, String token) {
        s.setRerunToken(token);
        return s;
    }

    /** The semantics table of docs/operator.md, "When a new run starts": one row per line. */
    @Test
    void newRunsFollowTheSemanticsTable() {
        record Row(String what, LoadTestStatus status, long generation, Map<String, String> annotations, boolean newRun) {
        }
        List<Row> table = List.of(
                new Row("never ran", null, 1, Map.of(), true),
                new Row("unchanged apply after a run", status("r1", "Succeeded", 3), 3, Map.of(), false),
                new Row("spec changed after a run", status("r1", "Failed", 3), 4, Map.of(), true),
                new Row("spec changed during the run, now finished", drifted(status("r1", "Succeeded", 5)), 5, Map.of(), true),
                new Row("any change while running", drifted(status("r1", "Running", 5)), 6, Map.of(), false),
                new Row("new rerun token after a run", status("r1", "Succeeded", 3), 3,
                        Map.of(RunDecisions.RERUN_ANNOTATION, "build-42"), true),
                new Row("same rerun token again", withToken(status("r1", "Succeeded", 3), "build-42"), 3,
                        Map.of(RunDecisions.RERUN_ANNOTATION, "build-42"), false),
                new Row("new rerun token while running: after the run", status("r1", "Running", 3), 3,
                        Map.of(RunDecisions.RERUN_ANNOTATION, "build-43"), false),
                new Row("rerun token removed after a run", withToken(status("r1", "Succeeded", 3), "build-42"), 3,
                        Map.of(), true),
                new Row("stop annotation holds new runs", status("r1", "Failed", 3), 4,
                        Map.of(RunDecisions.STOP_ANNOTATION, "true"), false),
                new Row("stop annotation set to false does not", status("r1", "Failed", 3), 4,
                        Map.of(RunDecisions.STOP_ANNOTATION, "false"), true),
                new Row("stopped before the first run", null, 1, Map.of(RunDecisions.STOP_ANNOTATION, ""), false));
        for (Row row : table) {
            assertThat(RunDecisions.newRunCause(row.status(), row.generation(),
                    RunDecisions.Triggers.of(row.annotations())) != null).as(row.what()).isEqualTo(row.newRun());
        }
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
