package dev.loadtest.operator;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.operator.resources.RunnerSecrets;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The executor of a plan's actions, against fakes of its own interfaces (the API-server side is tested in the E2Es). */
class RunActionsTest {

    private final List<String> calls = new ArrayList<>();
    private final LoadTest loadTest = Fixtures.loadTest("shop");
    private final RunMemory memory = new RunMemory();

    private final RunObjects objects = new RunObjects() {
        @Override
        public void create(LoadTest lt, RunAction.CreateRunObjects o, Creates creates) {
            calls.add("create " + o.runId() + (o.secretExists() ? "" : " secret") + (o.loadfile() == null ? "" : " configmap")
                    + (o.jobExists() ? "" : " job"));
        }

        @Override
        public void stopRemainingRunners(LoadTest lt, String runId) {
            calls.add("stop " + runId);
        }

        @Override
        public void delete(LoadTest lt, String runId) {
            if (runId.equals("broken")) {
                throw new IllegalStateException("the API server said no");
            }
            calls.add("delete " + runId);
        }

        @Override
        public void deleteLoadTest(LoadTest lt) {
            calls.add("delete LoadTest " + lt.getMetadata().getName());
        }
    };
    /** The fake RunObjects creates nothing itself, so it never calls this. */
    private static final Creates UNUSED = new Creates() {
        @Override
        public <R extends io.fabric8.kubernetes.api.model.HasMetadata> R create(R desired) {
            throw new AssertionError("not called by the fake RunObjects");
        }
    };
    private final LoadTestEvents events = (lt, type, reason, message) -> calls.add(type + " " + reason + ": " + message);
    private final ResultsKeeper results = (lt, before, finished) -> calls.add("keep results of " + finished.runId());

    @Test
    void actionsAreCarriedOutInTheirOrder() {
        memory.of(loadTest.getMetadata().getUid(), "abc123", Instant.EPOCH);
        new RunActions(objects, events, memory, results).execute(loadTest, List.of(
                new RunAction.CreateRunObjects("abc123", RunnerSecrets.desired(loadTest, "abc123", "tok", "{}"), false,
                        null, false),
                new RunAction.StopRemainingRunners("abc123"),
                new RunAction.KeepResults(null, dev.loadtest.operator.status.RunObservation.builder("abc123",
                        dev.loadtest.operator.status.Phase.Failed, "RunnerFailed", "why").build()),
                new RunAction.RecordEvent(EventRecorder.WARNING, "RunFailed", "why"),
                new RunAction.DeleteRunObjects("old001"),
                new RunAction.ForgetRun(),
                new RunAction.DeleteLoadTest()), UNUSED);
        assertThat(calls).containsExactly("create abc123 secret job", "stop abc123", "keep results of abc123",
                "Warning RunFailed: why",
                "delete old001", "delete LoadTest shop");
        assertThat(memory.peek(loadTest.getMetadata().getUid())).as("forgotten").isNull();
    }

    @Test
    void aFailedActionStopsTheRestSoThatTheRetriedReconcileDecidesAfresh() {
        assertThatThrownBy(() -> new RunActions(objects, events, memory, results).execute(loadTest, List.of(
                new RunAction.DeleteRunObjects("broken"),
                new RunAction.RecordEvent(EventRecorder.NORMAL, "RunnersDeleted", "deleted")), UNUSED))
                .hasMessageContaining("the API server said no");
        assertThat(calls).isEmpty();
    }

    /** The lifecycle's plan for a new run, executed: what the API server is asked for, in order. */
    @Test
    void aPlanOfTheLifecycleIsExecutedAsDecided() {
        RunLifecycle lifecycle = new RunLifecycle(RunLifecycleTest.SETTINGS, () -> "run777", () -> "tok");
        RunPlan created = lifecycle.decide(RunFacts.builder(loadTest, RunLifecycleTest.NOW).build());
        new RunActions(objects, events, memory, results).execute(loadTest, created.actions(), UNUSED);
        assertThat(calls).singleElement().asString().startsWith("Normal RunCreated: Run run777 created with 3 runner(s)");
        calls.clear();
        RunPlan objectsDue = lifecycle.decide(RunFacts.builder(loadTest, RunLifecycleTest.NOW).status(created.status())
                .build());
        new RunActions(objects, events, memory, results).execute(loadTest, objectsDue.actions(), UNUSED);
        assertThat(calls).containsExactly("create run777 secret configmap job");
    }
}
