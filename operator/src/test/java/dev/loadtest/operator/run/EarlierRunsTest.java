package dev.loadtest.operator.run;

import dev.loadtest.api.v1alpha1.CleanupPolicy;
import dev.loadtest.api.v1alpha1.RunRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EarlierRunsTest {

    static final Instant DONE = Instant.parse("2026-11-26T10:00:00Z");

    static RunRecord record(String runId, String result, Instant completion) {
        RunRecord r = new RunRecord();
        r.setRunId(runId);
        r.setResult(result);
        r.setCompletionTime(completion == null ? null : completion.toString());
        return r;
    }

    @Test
    void aFailedRunsObjectsOutliveTheNextRunUntilTheirOwnTtl() {
        CleanupPolicy policy = new CleanupPolicy();
        policy.setRunnersTtlSecondsAfterFailure(600);
        policy.setTtlSecondsAfterFinished(30); // the LoadTest's own TTL says nothing about an earlier run
        List<RunRecord> history = List.of(record("old1", "Failed", DONE));
        EarlierRuns.Due early = EarlierRuns.decide(policy, "new1", history, Set.of("old1", "new1"), DONE.plusSeconds(60));
        assertThat(early.deleteNow()).isEmpty();
        assertThat(early.recheckAfter()).isEqualTo(Duration.ofSeconds(540));
        EarlierRuns.Due due = EarlierRuns.decide(policy, "new1", history, Set.of("old1", "new1"), DONE.plusSeconds(600));
        assertThat(due.deleteNow()).containsExactly("old1");
    }

    @Test
    void withoutAFailureTtlAFailedRunsObjectsAreKept() {
        EarlierRuns.Due due = EarlierRuns.decide(null, "new1", List.of(record("old1", "Failed", DONE)),
                Set.of("old1"), DONE.plusSeconds(86_400));
        assertThat(due.deleteNow()).isEmpty();
        assertThat(due.recheckAfter()).isNull();
    }

    @Test
    void aPassedRunsObjectsAndThoseOfRunsNoLongerInHistoryGo() {
        EarlierRuns.Due due = EarlierRuns.decide(null, "new1", List.of(record("old1", "Succeeded", DONE)),
                Set.of("old1", "gone99", "new1"), DONE.plusSeconds(1));
        assertThat(due.deleteNow()).containsExactly("gone99", "old1");
    }
}
