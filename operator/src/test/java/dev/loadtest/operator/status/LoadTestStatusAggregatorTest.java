package dev.loadtest.operator.status;

import dev.loadtest.api.v1alpha1.EndpointSummary;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.RunSummary;
import dev.loadtest.api.v1alpha1.ThresholdResult;
import dev.loadtest.operator.status.Conditions.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LoadTestStatusAggregatorTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static RunObservation obs(String runId, Phase phase, String reason, List<ThresholdResult> thresholds) {
        return RunObservation.builder(runId, phase, reason, phase + " " + reason).runners(3, 3, 0).users(30)
                .startTime(phase == Phase.Running ? T0 : null)
                .completionTime(phase.inProgress() ? null : T0.plusSeconds(60))
                .summary(summary(1000)).thresholds(true, thresholds).build();
    }

    private static RunSummary summary(long requests) {
        RunSummary s = new RunSummary();
        EndpointSummary agg = new EndpointSummary();
        agg.setRequests(requests);
        agg.setFailures(2L);
        agg.setRps(16.6);
        agg.setP95Ms(120.0);
        s.setAggregated(agg);
        return s;
    }

    private static ThresholdResult result(boolean met, String message) {
        ThresholdResult r = new ThresholdResult();
        r.setMet(met);
        r.setValue(1.0);
        r.setMessage(message);
        return r;
    }

    private static Condition condition(LoadTestStatus s, String type) {
        return s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static String statusOf(LoadTestStatus s, String type) {
        return condition(s, type).getStatus();
    }

    private static RunObservation drifting(String runId, List<String> drift) {
        return RunObservation.builder(runId, Phase.Running, Reasons.RUNNING, "running").runners(1, 1, 0).users(1)
                .drift(drift).build();
    }

    /** What CI waits on: status.runGeneration reaches metadata.generation only when the run carries that spec out. */
    @Test
    void theRunGenerationFollowsLiveChangesButNotDrift() {
        LoadTestStatus started = LoadTestStatusAggregator.next(null, 3, drifting("r1", List.of())
                .withRerunToken("build-7"), T0, 10);
        assertThat(started.getRunGeneration()).isEqualTo(3);
        assertThat(started.getRerunToken()).isEqualTo("build-7");
        LoadTestStatus live = LoadTestStatusAggregator.next(started, 4, drifting("r1", List.of()), T0, 10);
        assertThat(live.getRunGeneration()).as("users changed live: this run carries generation 4 out").isEqualTo(4);
        assertThat(live.getRerunToken()).as("kept for the run").isEqualTo("build-7");
        LoadTestStatus drift = LoadTestStatusAggregator.next(live, 5, drifting("r1", List.of("host")), T0, 10);
        assertThat(drift.getRunGeneration()).isEqualTo(4);
        assertThat(drift.getObservedGeneration()).isEqualTo(5);
        LoadTestStatus next = LoadTestStatusAggregator.next(drift, 5, drifting("r2", List.of()), T0, 10);
        assertThat(next.getRunGeneration()).isEqualTo(5);
        assertThat(next.getRerunToken()).as("a new run without the annotation").isNull();
    }

    @Test
    void whileRunningReconcilingIsTrueAndTheVerdictUnknown() {
        LoadTestStatus s = LoadTestStatusAggregator.next(null, 4, obs("r1", Phase.Running, Reasons.RUNNING,
                List.of(result(true, "ok"))), T0, 10);
        assertThat(s.getObservedGeneration()).isEqualTo(4);
        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(statusOf(s, Conditions.RECONCILING)).isEqualTo("True");
        assertThat(statusOf(s, Conditions.READY)).isEqualTo("False");
        assertThat(statusOf(s, Conditions.STALLED)).isEqualTo("False");
        assertThat(statusOf(s, Conditions.SUCCEEDED)).isEqualTo("Unknown");
        assertThat(statusOf(s, Conditions.THRESHOLDS_MET)).isEqualTo("True");
        assertThat(condition(s, Conditions.THRESHOLDS_MET).getMessage()).startsWith("So far");
        assertThat(s.getConditions()).allSatisfy(c -> {
            assertThat(c.getObservedGeneration()).isEqualTo(4);
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-26T10:00:00Z");
            assertThat(c.getReason()).matches("[A-Z][A-Za-z]*");
        });
        assertThat(s.getRunners().getExpected()).isEqualTo(3);
        assertThat(s.getUsers()).isEqualTo(30);
        assertThat(s.getStartTime()).isEqualTo("2026-11-26T10:00:00Z");
    }

    @Test
    void aPassedRunIsReadyAndAFailedOneStalledWithTheReason() {
        LoadTestStatus running = LoadTestStatusAggregator.next(null, 1, obs("r1", Phase.Running, Reasons.RUNNING, null), T0, 10);
        LoadTestStatus passed = LoadTestStatusAggregator.next(running, 1, obs("r1", Phase.Succeeded, Reasons.COMPLETED,
                List.of(result(true, "ok"))), T0.plusSeconds(60), 10);
        assertThat(statusOf(passed, Conditions.READY)).isEqualTo("True");
        assertThat(statusOf(passed, Conditions.RECONCILING)).isEqualTo("False");
        assertThat(statusOf(passed, Conditions.STALLED)).isEqualTo("False");
        assertThat(statusOf(passed, Conditions.SUCCEEDED)).isEqualTo("True");
        assertThat(passed.getCompletionTime()).isEqualTo("2026-11-26T10:01:00Z");
        assertThat(passed.getStartTime()).as("kept from the running status").isEqualTo("2026-11-26T10:00:00Z");
        assertThat(passed.getUsers()).isEqualTo(30);

        LoadTestStatus failed = LoadTestStatusAggregator.next(running, 1, obs("r1", Phase.Failed,
                Reasons.THRESHOLDS_NOT_MET, List.of(result(false, "p95 of Aggregated = 412 ms, not below 300"))),
                T0.plusSeconds(60), 10);
        assertThat(statusOf(failed, Conditions.READY)).isEqualTo("False");
        assertThat(statusOf(failed, Conditions.STALLED)).isEqualTo("True");
        assertThat(condition(failed, Conditions.STALLED).getReason()).isEqualTo("ThresholdsNotMet");
        assertThat(statusOf(failed, Conditions.SUCCEEDED)).isEqualTo("False");
        assertThat(statusOf(failed, Conditions.THRESHOLDS_MET)).isEqualTo("False");
        assertThat(condition(failed, Conditions.THRESHOLDS_MET).getMessage())
                .isEqualTo("p95 of Aggregated = 412 ms, not below 300");
    }

    @Test
    void lastTransitionTimeMovesOnlyWhenTheStatusChanges() {
        LoadTestStatus a = LoadTestStatusAggregator.next(null, 1, obs("r1", Phase.Starting, Reasons.WAITING_FOR_RUNNERS, null), T0, 10);
        LoadTestStatus b = LoadTestStatusAggregator.next(a, 1, obs("r1", Phase.Running, Reasons.RUNNING, null),
                T0.plusSeconds(5), 10);
        assertThat(condition(b, Conditions.RECONCILING).getLastTransitionTime()).isEqualTo("2026-11-26T10:00:00Z");
        assertThat(condition(b, Conditions.RECONCILING).getReason()).isEqualTo("Running");
        LoadTestStatus c = LoadTestStatusAggregator.next(b, 1, obs("r1", Phase.Succeeded, Reasons.COMPLETED, null),
                T0.plusSeconds(65), 10);
        assertThat(condition(c, Conditions.RECONCILING).getLastTransitionTime()).isEqualTo("2026-11-26T10:01:05Z");
        assertThat(condition(c, Conditions.STALLED).getLastTransitionTime()).isEqualTo("2026-11-26T10:00:00Z");
    }

    @Test
    void recomputingTheSameObservationChangesNothing() {
        RunObservation o = obs("r1", Phase.Running, Reasons.RUNNING, List.of(result(true, "ok")));
        LoadTestStatus a = LoadTestStatusAggregator.next(null, 1, o, T0, 10);
        LoadTestStatus b = LoadTestStatusAggregator.next(a, 1, o, T0.plusSeconds(30), 10);
        assertThat(StatusWrites.decide(a, b, T0, T0.plusSeconds(30), Duration.ofSeconds(5)))
                .isEqualTo(StatusWrites.Decision.NONE);
    }

    @Test
    void aNewRunMovesThePreviousIntoHistory() {
        LoadTestStatus done = LoadTestStatusAggregator.next(null, 1, obs("r1", Phase.Succeeded, Reasons.COMPLETED,
                List.of(result(true, "ok"))), T0, 10);
        LoadTestStatus next = LoadTestStatusAggregator.next(done, 2, RunObservation.builder("r2", Phase.Pending,
                Reasons.CREATING_RUNNERS, "creating").runners(3, 0, 0).users(0).build(),
                T0.plusSeconds(100), 10);
        assertThat(next.getRunId()).isEqualTo("r2");
        assertThat(next.getSummary()).isNull();
        assertThat(next.getCompletionTime()).isNull();
        assertThat(next.getStartTime()).isNull();
        assertThat(next.getHistory()).singleElement().satisfies(r -> {
            assertThat(r.getRunId()).isEqualTo("r1");
            assertThat(r.getResult()).isEqualTo("Succeeded");
            assertThat(r.getReason()).isEqualTo("Completed");
            assertThat(r.getRequests()).isEqualTo(1000);
            assertThat(r.getThresholdsMet()).isTrue();
        });
        LoadTestStatus capped = next;
        for (int i = 3; i < 20; i++) {
            capped = LoadTestStatusAggregator.next(capped, i, obs("r" + i, Phase.Failed, Reasons.RUNNER_FAILED, null), T0, 5);
        }
        assertThat(capped.getHistory()).hasSize(5);
        assertThat(capped.getHistory().getFirst().getRunId()).isEqualTo("r18");
    }

    @Test
    void driftIsReportedWithTheFields() {
        RunObservation drifted = RunObservation.builder("r1", Phase.Running, Reasons.RUNNING, "running")
                .runners(3, 3, 0).users(30).drift(List.of("host", "loadfile")).build();
        LoadTestStatus s = LoadTestStatusAggregator.next(null, 2, drifted, T0, 10);
        assertThat(statusOf(s, Conditions.SPEC_DRIFTED)).isEqualTo("True");
        assertThat(condition(s, Conditions.SPEC_DRIFTED).getMessage())
                .isEqualTo("spec.host, spec.loadfile changed while run r1 is in progress; the change applies to the next run.");
        assertThat(statusOf(s, Conditions.THRESHOLDS_MET)).isEqualTo("True");
        assertThat(condition(s, Conditions.THRESHOLDS_MET).getReason()).isEqualTo("NoThresholds");
    }

    @Test
    void figuresAreThrottledButTransitionsAreNot() {
        LoadTestStatus a = LoadTestStatusAggregator.next(null, 1, obs("r1", Phase.Running, Reasons.RUNNING, null), T0, 10);
        LoadTestStatus more = LoadTestStatusAggregator.next(a, 1, RunObservation.builder("r1", Phase.Running, Reasons.RUNNING,
                "Running Running").runners(3, 3, 0).users(31).summary(summary(2000)).thresholds(true, null).build(), T0.plusSeconds(2), 10);
        assertThat(StatusWrites.decide(a, more, T0, T0.plusSeconds(2), Duration.ofSeconds(5))).isEqualTo(StatusWrites.Decision.LATER);
        assertThat(StatusWrites.decide(a, more, T0, T0.plusSeconds(5), Duration.ofSeconds(5))).isEqualTo(StatusWrites.Decision.NOW);
        LoadTestStatus stopping = LoadTestStatusAggregator.next(a, 1, obs("r1", Phase.Stopping, Reasons.STOPPING, null),
                T0.plusSeconds(2), 10);
        assertThat(StatusWrites.decide(a, stopping, T0, T0.plusSeconds(2), Duration.ofSeconds(5))).isEqualTo(StatusWrites.Decision.NOW);
    }

    @Test
    void anInvalidSpecStallsWithoutARun() {
        LoadTestStatus s = LoadTestStatusAggregator.next(null, 1, RunObservation.invalidSpec(null,
                "Invalid spec: spec.loadfile is required"), T0, 10);
        assertThat(s.getPhase()).isEqualTo("Failed");
        assertThat(statusOf(s, Conditions.STALLED)).isEqualTo("True");
        assertThat(condition(s, Conditions.STALLED).getReason()).isEqualTo("InvalidSpec");
        assertThat(condition(s, Conditions.STALLED).getMessage()).contains("spec.loadfile is required");
        assertThat(statusOf(s, Conditions.RECONCILING)).isEqualTo("False");
    }

    @Test
    void noEmptyStringsReachTheServerSideApplyPatch() {
        RunSummary summary = summary(10);
        summary.getAggregated().setMethod("");
        LoadTestStatus s = LoadTestStatusAggregator.next(null, 1, RunObservation.builder("r1", Phase.Running, Reasons.RUNNING,
                null).runners(1, 1, 0).users(1).summary(summary).build(), T0, 10);
        assertThat(s.getSummary().getAggregated().getMethod()).isNull();
        assertThat(s.getConditions()).allSatisfy(c -> assertThat(c.getMessage()).isNotEmpty());
    }
}
