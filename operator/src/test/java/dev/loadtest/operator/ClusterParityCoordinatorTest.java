package dev.loadtest.operator;

import dev.loadtest.api.control.ControlProtocol;
import dev.loadtest.api.control.ShapeAnswer;
import dev.loadtest.api.control.StartRefusal;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.operator.run.RunSpecs;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.status.Conditions;
import dev.loadtest.operator.status.LoadTestStatusAggregator;
import dev.loadtest.operator.status.Phase;
import dev.loadtest.operator.status.RunObservation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator's side of what makes several runners behave as one Locust test (control protocol 2): the
 * loadfile's LoadShape followed across runners, {@code quit()} on one runner ending the whole run, and runner 0's
 * once-per-test {@code @OnTestStart} hooks done before any other runner starts. Against stand-in runners over real
 * HTTP on loopback addresses, as {@link RunCoordinatorTest}.
 */
class ClusterParityCoordinatorTest {

    private static final String TOKEN = "t0k3n";
    private static final String RUN = "abc123";

    private final List<FakeRunner> runners = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private int port;
    private Instant now = Instant.parse("2026-11-26T10:00:00Z");
    private final Instant jobCreated = now.minusSeconds(5);
    private LoadTest loadTest;
    private LoadTestStatus status;
    private RunMemory memory;
    private RunCoordinator coordinator;

    @BeforeAll
    static void warmUp() throws IOException {
        FakeRunner.warmUp();
    }

    @BeforeEach
    void setUp() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.2", 0));
            port = s.getLocalPort();
        }
        for (int i = 0; i < 3; i++) {
            FakeRunner r = new FakeRunner("shop-abc123-" + (char) ('a' + i), "127.0.0." + (2 + i), port, TOKEN);
            r.protocol = ControlProtocol.CURRENT;
            r.oncePerTestStart = false;
            runners.add(r);
        }
        loadTest = Fixtures.loadTest("shop");
        memory = new RunMemory();
        coordinator = newCoordinator();
        status = LoadTestStatusAggregator.next(null, 1, RunObservation.builder(RUN, Phase.Starting, "WaitingForRunners",
                "waiting").runners(3, 0, 0).users(0).build(), now, 10);
    }

    private RunCoordinator newCoordinator() {
        EventRecorder recorder = new EventRecorder(null) {
            @Override
            public void record(LoadTest lt, String type, String reason, String message) {
                events.add(reason + ": " + message);
            }
        };
        return new RunCoordinator(RunCoordinatorTest.config(port),
                new RunnerClient(LoadTestReconciler.MAPPER, Duration.ofSeconds(10)), recorder, java.time.Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        runners.forEach(FakeRunner::close);
    }

    private List<Pod> allReady() {
        return runners.stream().map(r -> new PodBuilder().withNewMetadata().withName(r.name).endMetadata()
                .withNewStatus().withPhase("Running").withPodIP(r.ip).addNewCondition().withType("Ready")
                .withStatus("True").endCondition().endStatus().build()).toList();
    }

    private RunCoordinator.Step step() {
        Job job = new JobBuilder().withNewMetadata().withName("shop-abc123")
                .withCreationTimestamp(jobCreated.toString()).endMetadata().build();
        LoadTestSpec runSpec = RunSpecs.fromJson(RunSpecs.toJson(loadTest.getSpec()));
        RunCoordinator.Step step = coordinator.step(loadTest, status, memory.of("uid", RUN, now),
                RunContext.builder(RUN).runSpec(runSpec).liveSpec(loadTest.getSpec()).token(TOKEN).job(job)
                        .pods(allReady()).stopRequested(false).build(), now);
        status = LoadTestStatusAggregator.next(status, 1, step.observation(), now, 10);
        return step;
    }

    private String condition(String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .map(c -> c.getStatus() + "/" + c.getReason() + ": " + c.getMessage()).orElseThrow();
    }

    /** Runner 0's shape: 6 users at 3/s for 10 s, then 12 at 6/s until 20 s, then stop. */
    private void stepShape() {
        runners.forEach(r -> r.loadShape = "Steps");
        runners.getFirst().shape = q -> q.runTimeSeconds() < 10 ? ShapeAnswer.target("Steps", 6, 3)
                : q.runTimeSeconds() < 20 ? ShapeAnswer.target("Steps", 12, 6) : ShapeAnswer.stop("Steps");
    }

    @Test
    void theLoadfilesShapeIsAskedOfRunner0AndItsTargetsAreSplitOverAllRunnersUntilItSaysStop() {
        stepShape();
        loadTest.getSpec().setRunTime("12s"); // ignored while a shape is followed, as Locust ignores -t
        Instant t0 = now;
        step();
        assertThat(status.getPhase()).isEqualTo("Running");
        assertThat(runners).extracting(r -> r.starts.getLast().users()).containsExactly(2, 2, 2);
        assertThat(runners).allSatisfy(r -> {
            assertThat(r.starts.getLast().spawnRate()).isEqualTo(1.0);
            assertThat(r.starts.getLast().runTimeSeconds()).as("no safety-net stop: the shape ends the run").isNull();
        });
        assertThat(runners.get(1).shapeQueries).as("only runner 0 evaluates tick()").isEmpty();
        assertThat(runners.get(2).shapeQueries).isEmpty();
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("LoadShapeFollowed: Following the loadfile's"
                + " LoadShape Steps across 3 runner(s)"));

        now = t0.plusSeconds(5);
        RunCoordinator.Step same = step();
        assertThat(runners).as("same target: nothing re-sent").allSatisfy(r -> assertThat(r.starts).hasSize(1));
        assertThat(same.recheckAfter()).as("ticks about once a second").isLessThanOrEqualTo(Duration.ofMillis(1050));
        assertThat(runners.getFirst().shapeQueries.getLast().runTimeSeconds()).isEqualTo(5.0);
        assertThat(runners.getFirst().shapeQueries.getLast().currentUsers()).as("the users of all runners").isEqualTo(6);

        now = t0.plusSeconds(15);
        step();
        assertThat(status.getPhase()).as("spec.runTime's 12 s does not end a shaped run").isEqualTo("Running");
        assertThat(runners).extracting(r -> r.starts.getLast().users()).containsExactly(4, 4, 4);
        assertThat(runners).allSatisfy(r -> assertThat(r.starts.getLast().spawnRate()).isEqualTo(2.0));
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("UsersRedispatched").contains("12 users at 6.0/s"));

        now = t0.plusSeconds(20);
        step();
        assertThat(status.getPhase()).isEqualTo("Stopping");
        assertThat(condition(Conditions.RECONCILING)).isEqualTo("True/Stopping: The loadfile's LoadShape Steps"
                + " returned null after 20 s; stopping the runners.");
        assertThat(runners).allSatisfy(r -> assertThat(r.stops).isPositive());
        now = t0.plusSeconds(21);
        step();
        assertThat(status.getPhase()).isEqualTo("Succeeded");
    }

    @Test
    void aShapeWhoseTickThrowsStopsTheRunAndFailsItWithTheError() {
        stepShape();
        runners.getFirst().shape = q -> {
            if (q.runTimeSeconds() >= 4) {
                throw new IllegalStateException("no stage for t=" + q.runTimeSeconds());
            }
            return ShapeAnswer.target("Steps", 3, 3);
        };
        Instant t0 = now;
        step();
        now = t0.plusSeconds(4);
        step();
        assertThat(status.getPhase()).isEqualTo("Stopping");
        now = t0.plusSeconds(5);
        step();
        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(condition(Conditions.STALLED)).isEqualTo("True/LoadShapeFailed: The loadfile's LoadShape failed in"
                + " run abc123 after 4 s: Steps.tick() failed at 4 s: java.lang.IllegalStateException: no stage for"
                + " t=4.0. Fix its tick(), then start a new run.");
    }

    @Test
    void aShapeThatStopsAtOnceSendsNoLoad() {
        runners.forEach(r -> r.loadShape = "Steps");
        runners.getFirst().shape = q -> ShapeAnswer.stop("Steps");
        step();
        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(condition(Conditions.STALLED)).contains("stopped run abc123 before it started");
        assertThat(runners).allSatisfy(r -> assertThat(r.starts).isEmpty());
    }

    @Test
    void anOperatorThatRestartsMidRunAsksRunner0AgainWhetherItFollowsAShape() {
        stepShape();
        Instant t0 = now;
        step();
        memory = new RunMemory();
        coordinator = newCoordinator();
        now = t0.plusSeconds(12);
        step();
        assertThat(runners).extracting(r -> r.starts.getLast().users()).containsExactly(4, 4, 4);
    }

    @Test
    void quitOnOneRunnerStopsEveryRunnerAndTheRunEndsAsOneWhoseTimeIsUp() {
        Instant t0 = now;
        step();
        runners.forEach(r -> r.requests = 40);
        now = t0.plusSeconds(3);
        step();
        assertThat(status.getPhase()).isEqualTo("Running");

        runners.get(1).quitBy = "Checkout.pay";
        now = t0.plusSeconds(6);
        step();
        assertThat(status.getPhase()).isEqualTo("Stopping");
        assertThat(condition(Conditions.RECONCILING)).isEqualTo("True/Stopping: User code called quit() (Checkout.pay)"
                + " on runner shop-abc123-b after 6 s of run abc123; stopping every runner.");
        assertThat(runners).allSatisfy(r -> assertThat(r.stops).isPositive());
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("QuitByUserCode: User code called quit()"));

        now = t0.plusSeconds(7);
        step();
        assertThat(status.getPhase()).as("quit() is not a failure, as in Locust").isEqualTo("Succeeded");
        assertThat(condition(Conditions.READY)).startsWith("True/Completed");
        assertThat(status.getSummary().getAggregated().getRequests()).isEqualTo(120);
        assertThat(runners).allSatisfy(r -> assertThat(r.quits).isEqualTo(1));
    }

    @Test
    void withOncePerTestHooksRunner0IsStartedAndHasAnsweredBeforeAnyOtherRunnerIsStarted() {
        runners.forEach(r -> r.oncePerTestStart = true);
        runners.getFirst().startDelayMillis = 300; // its hooks seed data
        step();
        assertThat(status.getPhase()).isEqualTo("Running");
        long runner0Done = runners.getFirst().startAnsweredNanos;
        assertThat(runners.subList(1, 3)).allSatisfy(r -> {
            assertThat(r.starts).hasSize(1);
            assertThat(r.startReceivedNanos).as("started after runner 0 answered").isGreaterThan(runner0Done);
        });
        assertThat(events).anySatisfy(e -> assertThat(e).contains("(runner 0 first, for its once-per-test"
                + " @OnTestStart hooks, then the others)"));
    }

    @Test
    void whileOtherRunnersAreRetriedRunner0IsNotStartedAgain() {
        // runner 0 runs its start (and its run-time clock) from the first try; re-sending it for every retry of the
        // others would re-target it, and once its own run time is up would be refused as a finished run
        runners.forEach(r -> r.oncePerTestStart = true);
        runners.get(2).refusal = new StartRefusal(StartRefusal.Reasons.RUN_IN_PROGRESS, null, "still stopping", true);
        step();
        assertThat(status.getPhase()).isEqualTo("Starting");
        step();
        runners.get(2).refusal = null;
        step();
        assertThat(status.getPhase()).isEqualTo("Running");
        assertThat(runners).extracting(r -> r.starts.size()).containsExactly(1, 1, 1);
        assertThat(runners.get(2).refusals).isEqualTo(2);
    }

    @Test
    void aFailingOncePerTestHookStopsTheRunWithItsErrorAndNoOtherRunnerStarts() {
        runners.forEach(r -> r.oncePerTestStart = true);
        runners.getFirst().refusal = StartRefusal.permanent(StartRefusal.Reasons.TEST_START_FAILED, null,
                "@OnTestStart Seed.seed failed: java.net.ConnectException: Connection refused");
        step();
        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(condition(Conditions.STALLED)).isEqualTo("True/StartRefused: Runner shop-abc123-a refused to start"
                + " run abc123 (TestStartFailed): @OnTestStart Seed.seed failed: java.net.ConnectException: Connection"
                + " refused");
        assertThat(runners.subList(1, 3)).allSatisfy(r -> {
            assertThat(r.starts).isEmpty();
            assertThat(r.refusals).isZero();
            assertThat(r.quits).isEqualTo(1);
        });
    }

    @Test
    void withoutOncePerTestHooksTheRunnersAreStartedTogether() {
        runners.getFirst().startDelayMillis = 300;
        step();
        assertThat(runners.get(1).startReceivedNanos).as("not held back by runner 0")
                .isLessThan(runners.getFirst().startAnsweredNanos);
        assertThat(events).anySatisfy(e -> assertThat(e).contains("run abc123 together"));
    }
}
