package dev.loadtest.operator;

import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.StartRefusal;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.Threshold;
import dev.loadtest.api.v1alpha1.ThresholdMetric;
import dev.loadtest.operator.config.OperatorConfig;
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
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator against stand-in runners that speak the runner contract over real HTTP on their own loopback
 * addresses (no Kubernetes here: pods and the Job are given as the API server would report them). Each step is
 * fed the status the previous one produced, as the reconciler does.
 */
class RunCoordinatorTest {

    private static final String TOKEN = "t0k3n";
    private static final String RUN = "abc123";

    private final List<FakeRunner> runners = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private int port;
    private Instant now = Instant.parse("2026-11-26T10:00:00Z");
    /** When the run's Job was created: the start timeout counts from it. */
    private final Instant jobCreated = now.minusSeconds(5);
    /** The loadtest.dev/stop annotation is on the LoadTest. */
    private boolean stopRequested;
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
            runners.add(new FakeRunner("shop-abc123-" + (char) ('a' + i), "127.0.0." + (2 + i), port, TOKEN));
        }
        loadTest = Fixtures.loadTest("shop");
        memory = new RunMemory();
        coordinator = newCoordinator();
        status = LoadTestStatusAggregator.next(null, 1, RunObservation.builder(RUN, Phase.Starting, "WaitingForRunners",
                "waiting").runners(3, 0, 0).users(0).build(), now, 10);
    }

    private RunCoordinator newCoordinator() {
        return newCoordinator(java.time.Clock.systemUTC());
    }

    private RunCoordinator newCoordinator(java.time.Clock clock) {
        EventRecorder recorder = new EventRecorder(null) {
            @Override
            public void record(LoadTest lt, String type, String reason, String message) {
                events.add(reason + ": " + message);
            }
        };
        return new RunCoordinator(config(port), new RunnerClient(LoadTestReconciler.MAPPER, Duration.ofSeconds(2)),
                recorder, clock);
    }

    @AfterEach
    void tearDown() {
        runners.forEach(FakeRunner::close);
    }

    private Pod pod(FakeRunner r, boolean ready, String phase, Integer exitCode) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(r.name).endMetadata().withNewStatus()
                .withPhase(phase).withPodIP(r.ip).addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition().endStatus();
        if (exitCode != null) {
            b.editStatus().addNewContainerStatus().withName("runner").withNewState().withNewTerminated()
                    .withExitCode(exitCode).endTerminated().endState().endContainerStatus().endStatus();
        }
        return b.build();
    }

    private List<Pod> allReady() {
        return runners.stream().map(r -> pod(r, true, "Running", null)).toList();
    }

    private RunCoordinator.Step step(List<Pod> pods) {
        Job job = new JobBuilder().withNewMetadata().withName("shop-abc123")
                .withCreationTimestamp(jobCreated.toString()).endMetadata().build();
        LoadTestSpec runSpec = RunSpecs.fromJson(RunSpecs.toJson(loadTest.getSpec()));
        RunCoordinator.Step step = coordinator.step(loadTest, status, memory.of("uid", RUN, now),
                RunContext.builder(RUN).runSpec(runSpec).liveSpec(loadTest.getSpec()).token(TOKEN).job(job)
                        .pods(pods).stopRequested(stopRequested).build(), now);
        status = LoadTestStatusAggregator.next(status, 1, step.observation(), now, 10);
        return step;
    }

    private String condition(String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .map(c -> c.getStatus() + "/" + c.getReason()).orElseThrow();
    }

    @Test
    void waitsForEveryRunnerThenStartsThemTogetherWithTheirShare() {
        List<Pod> twoReady = new ArrayList<>(allReady());
        twoReady.set(2, pod(runners.get(2), false, "Running", null));
        step(twoReady);
        assertThat(status.getPhase()).isEqualTo("Starting");
        assertThat(status.getRunners().getReady()).isEqualTo(2);
        assertThat(runners).allSatisfy(r -> assertThat(r.starts).isEmpty());

        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Running");
        assertThat(status.getStartTime()).isEqualTo("2026-11-26T10:00:00Z");
        assertThat(runners).extracting(r -> r.starts.getFirst().users()).containsExactly(4, 3, 3);
        assertThat(runners).allSatisfy(r -> {
            assertThat(r.starts.getFirst().runId()).isEqualTo(RUN);
            assertThat(r.starts.getFirst().host()).isEqualTo("http://shop.shop.svc:8080");
            assertThat(r.starts.getFirst().runTimeSeconds()).isEqualTo(60.0);
        });
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("RunnersStarted: Started 3 runner(s)"));
    }

    @Test
    void theRunsStartTimeIsWhenTheRunnersTookTheirStartNotWhenTheReconcileBegan() {
        // a busy machine: each question to the runners (readiness, then the starts) takes two seconds
        coordinator = newCoordinator(new java.time.Clock() {
            private Instant t = Instant.parse("2030-01-01T00:00:00Z");

            @Override
            public synchronized Instant instant() {
                t = t.plusSeconds(2);
                return t;
            }

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        });
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Running");
        // the run time counts from here: a startTime at the reconcile's start would cut the run short by the time
        // the starts took
        assertThat(Instant.parse(status.getStartTime())).isAfterOrEqualTo(now.plusSeconds(4));
    }

    @Test
    void mergesEveryRunnersFiguresAndFinishesAtRunTime() {
        step(allReady());
        runners.get(0).requests = 100;
        runners.get(1).requests = 250;
        runners.get(2).requests = 7;
        now = now.plusSeconds(3);
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Running");
        assertThat(status.getSummary().getAggregated().getRequests()).isEqualTo(357);
        assertThat(status.getUsers()).isEqualTo(10);

        runners.get(0).requests = 1000;
        now = now.plusSeconds(60);
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Stopping");
        assertThat(runners).allSatisfy(r -> assertThat(r.stops).isEqualTo(1));

        now = now.plusSeconds(1);
        RunCoordinator.Step last = step(allReady());
        assertThat(status.getPhase()).isEqualTo("Succeeded");
        assertThat(last.recheckAfter()).isNull();
        assertThat(status.getSummary().getAggregated().getRequests()).isEqualTo(1257);
        assertThat(status.getCompletionTime()).isEqualTo(now.toString());
        assertThat(condition(Conditions.READY)).isEqualTo("True/Completed");
        assertThat(runners).allSatisfy(r -> assertThat(r.quits).isEqualTo(1));
        assertThat(runners).allSatisfy(r -> assertThat(r.unauthorised).isZero());
    }

    @Test
    void anAbortOnFailThresholdStopsTheRunEarlyAndFailsIt() {
        Threshold slow = new Threshold();
        slow.setMetric(ThresholdMetric.p95);
        slow.setBelow(5.0); // the stand-ins answer in 10 ms
        slow.setAbortOnFail(true);
        loadTest.getSpec().setThresholds(List.of(slow));
        step(allReady());
        runners.forEach(r -> r.requests = 50);
        now = now.plusSeconds(3);
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Stopping");
        assertThat(condition(Conditions.RECONCILING)).isEqualTo("True/ThresholdAborted");
        now = now.plusSeconds(1);
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(condition(Conditions.STALLED)).isEqualTo("True/ThresholdAborted");
        assertThat(condition(Conditions.THRESHOLDS_MET)).isEqualTo("False/ThresholdsNotMet");
        assertThat(status.getThresholds().getFirst().getValue()).isEqualTo(10.0);
    }

    @Test
    void aRunnerThatDiesFailsTheRunButItsLastFiguresCount() {
        step(allReady());
        runners.forEach(r -> r.requests = 40);
        now = now.plusSeconds(3);
        step(allReady());
        runners.get(1).close(); // the process is gone, and so is its pod
        List<Pod> two = List.of(pod(runners.get(0), true, "Running", null), pod(runners.get(2), true, "Running", null));
        now = now.plusSeconds(3);
        step(two);
        assertThat(status.getPhase()).isEqualTo("Stopping");
        assertThat(condition(Conditions.RECONCILING)).isEqualTo("True/RunnerFailed");
        now = now.plusSeconds(1);
        step(two);
        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(condition(Conditions.STALLED)).isEqualTo("True/RunnerFailed");
        assertThat(status.getConditions().stream().filter(c -> c.getType().equals(Conditions.STALLED)).findFirst()
                .orElseThrow().getMessage()).contains("shop-abc123-b vanished");
        assertThat(status.getRunners().getFailed()).isEqualTo(1);
        assertThat(status.getSummary().getAggregated().getRequests()).as("the dead runner's 40 are kept").isEqualTo(120);
    }

    @Test
    void aLoadfileThatDoesNotCompileStallsWithTheCompilerMessage() {
        Pod broken = new PodBuilder(pod(runners.get(0), false, "Failed", 1)).editStatus().editFirstContainerStatus()
                .editState().editTerminated().withMessage("ShopUser.java:12: ';' expected").endTerminated().endState()
                .endContainerStatus().endStatus().build();
        step(List.of(broken, pod(runners.get(1), true, "Running", null), pod(runners.get(2), false, "Pending", null)));
        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(condition(Conditions.STALLED)).isEqualTo("True/LoadfileInvalid");
        assertThat(status.getConditions().getFirst().getMessage()).endsWith("ShopUser.java:12: ';' expected");
        assertThat(runners.get(1).quits).as("the ready runner is told to quit").isEqualTo(1);
    }

    @Test
    void changedUsersAreRedispatchedLiveAndAnOperatorRestartResumesWithoutLoss() {
        step(allReady());
        loadTest.getSpec().setUsers(30);
        loadTest.getSpec().setSpawnRate(6.0);
        now = now.plusSeconds(3);
        step(allReady());
        assertThat(runners).allSatisfy(r -> {
            assertThat(r.starts).hasSize(2);
            assertThat(r.starts.getLast().users()).isEqualTo(10);
            assertThat(r.starts.getLast().spawnRate()).isEqualTo(2.0);
        });
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("UsersRedispatched"));
        runners.forEach(r -> r.requests = 500);

        // a new operator instance: no memory, only status, the Secret's spec and the runners
        memory = new RunMemory();
        coordinator = newCoordinator();
        now = now.plusSeconds(3);
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Running");
        assertThat(status.getSummary().getAggregated().getRequests()).isEqualTo(1500);
        assertThat(runners).as("the new instance re-sends the current share once; the runner keeps its users")
                .allSatisfy(r -> assertThat(r.starts).hasSize(3).last().satisfies(c -> assertThat(c.users()).isEqualTo(10)));
        now = now.plusSeconds(3);
        step(allReady());
        assertThat(runners).allSatisfy(r -> assertThat(r.starts).hasSize(3));
        assertThat(status.getStartTime()).as("kept across the restart").isEqualTo("2026-11-26T10:00:00Z");
    }

    @Test
    void stagesAreRedispatchedAtEachBoundaryAndTheRunStopsAfterTheLast() {
        // 30 users at 6/s for 10 s, 60 at 30/s for 10 s, 3 at spec.spawnRate (2/s) for 10 s; runTime 1m is longer
        loadTest.getSpec().setStages(List.of(new dev.loadtest.api.v1alpha1.Stage("10s", 30, 6.0),
                new dev.loadtest.api.v1alpha1.Stage("10s", 60, 30.0), new dev.loadtest.api.v1alpha1.Stage("10s", 3, null)));
        Instant t0 = now;
        step(allReady());
        assertThat(runners).allSatisfy(r -> {
            assertThat(r.starts).hasSize(1);
            assertThat(r.starts.getLast().users()).isEqualTo(10);
            assertThat(r.starts.getLast().spawnRate()).isEqualTo(2.0);
            assertThat(r.starts.getLast().runTimeSeconds()).as("the runners' safety net: the stages' end")
                    .isEqualTo(30.0);
        });
        now = t0.plusSeconds(8);
        RunCoordinator.Step within = step(allReady());
        assertThat(runners).as("same stage: nothing re-sent").allSatisfy(r -> assertThat(r.starts).hasSize(1));
        assertThat(within.recheckAfter()).as("wakes at the 10 s boundary").isEqualTo(Duration.ofMillis(2050));

        now = t0.plusSeconds(10);
        step(allReady());
        assertThat(runners).allSatisfy(r -> {
            assertThat(r.starts).hasSize(2);
            assertThat(r.starts.getLast().users()).isEqualTo(20);
            assertThat(r.starts.getLast().spawnRate()).isEqualTo(10.0);
        });
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("UsersRedispatched").contains("60 users at 30.0/s"));
        now = t0.plusSeconds(13);
        step(allReady());
        assertThat(status.getUsers()).as("status follows the runners' reports").isEqualTo(60);

        now = t0.plusSeconds(25);
        step(allReady());
        assertThat(runners).allSatisfy(r -> assertThat(r.starts.getLast().users()).isEqualTo(1));
        now = t0.plusSeconds(28);
        step(allReady());
        assertThat(status.getUsers()).isEqualTo(3);

        now = t0.plusSeconds(30);
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Stopping");
        assertThat(status.getConditions()).anySatisfy(c -> assertThat(c.getMessage())
                .isEqualTo("The last of spec.stages ended; stopping the runners."));
        assertThat(runners).allSatisfy(r -> assertThat(r.stops).isPositive());
    }

    @Test
    void aLoadShapeOnARunnerThatPredatesProtocol2IsReportedAsNotFollowedRatherThanIgnoredSilently() {
        runners.forEach(r -> r.loadShape = "Steps");
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Running");
        assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo("LoadShapeNotFollowed: The loadfile's LoadShape"
                + " Steps cannot be followed: the runner image predates control protocol 2; the run uses spec.users"
                + " and spec.spawnRate. Use a newer runner image."));
        assertThat(runners).allSatisfy(r -> assertThat(r.shapeQueries).isEmpty());
    }

    @Test
    void anotherRunsOrForeignAnswersAreNotCounted() {
        step(allReady());
        runners.get(2).runId = "other1";
        runners.forEach(r -> r.requests = 10);
        now = now.plusSeconds(3);
        step(allReady());
        assertThat(status.getSummary().getAggregated().getRequests()).isEqualTo(20);
    }

    @Test
    void theStopAnnotationStopsTheRunKeepsItsFiguresAndFailsItAsStopped() {
        step(allReady());
        runners.forEach(r -> r.requests = 30);
        now = now.plusSeconds(3);
        step(allReady());
        stopRequested = true;
        now = now.plusSeconds(3);
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Stopping");
        assertThat(runners).allSatisfy(r -> assertThat(r.stops).isPositive());
        now = now.plusSeconds(1);
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(condition(Conditions.SUCCEEDED)).isEqualTo("False/Stopped");
        assertThat(message(Conditions.STALLED)).contains("stopped by the loadtest.dev/stop annotation after 6 s");
        assertThat(status.getSummary().getAggregated().getRequests()).isEqualTo(90);
    }

    @Test
    void aRunnerThatDiedWhileTheOperatorWasDownIsFoundFromItsPodAndNamedInStatus() {
        step(allReady());
        runners.forEach(r -> r.requests = 20);
        now = now.plusSeconds(3);
        step(allReady());
        // the operator goes down; runner b is killed meanwhile; a new operator has no memory
        runners.get(1).close();
        Pod killed = new PodBuilder(pod(runners.get(1), false, "Failed", 137)).editStatus().editFirstContainerStatus()
                .editState().editTerminated().withMessage("OOMKilled").endTerminated().endState()
                .endContainerStatus().endStatus().build();
        memory = new RunMemory();
        coordinator = newCoordinator();
        now = now.plusSeconds(30);
        step(List.of(pod(runners.get(0), true, "Running", null), killed, pod(runners.get(2), true, "Running", null)));
        assertThat(status.getPhase()).isEqualTo("Stopping");
        assertThat(status.getLostRunners()).singleElement().satisfies(l -> {
            assertThat(l.getName()).isEqualTo("shop-abc123-b");
            assertThat(l.getReason()).isEqualTo("failed (exit code 137, killed: OOMKilled)");
            assertThat(l.getLostAt()).isEqualTo("2026-11-26T10:00:33Z");
        });
        assertThat(message(Conditions.RECONCILING)).startsWith("Runner pod shop-abc123-b failed (exit code 137, killed: OOMKilled) during run abc123");
        assertThat(status.getStopTime()).isEqualTo("2026-11-26T10:00:33Z");
        assertThat(status.getSummary().getAggregated().getRequests())
                .as("the figures written before the restart stay: this instance never heard the dead runner")
                .isEqualTo(60);
    }

    @Test
    void theStopDeadlineSurvivesAnOperatorRestart() {
        loadTest.getSpec().setStopTimeout("10s");
        step(allReady());
        now = now.plusSeconds(61);
        runners.forEach(r -> r.stickInStopping = true);
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Stopping");
        assertThat(status.getStopTime()).isEqualTo("2026-11-26T10:01:01Z");
        memory = new RunMemory();
        coordinator = newCoordinator();
        now = now.plus(RunCoordinator.STOP_GRACE).plusSeconds(11);
        step(allReady());
        assertThat(status.getPhase()).as("judged without the stuck runners once the first deadline passed")
                .isEqualTo("Succeeded");
    }

    private String message(String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow()
                .getMessage();
    }

    @Test
    void aSpecThatDoesNotFitTheLoadfileStallsBeforeAnyRunnerStarts() {
        runners.forEach(r -> r.hostlessClasses = List.of("ShopUser"));
        loadTest.getSpec().setHost(null);
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(condition(Conditions.STALLED)).isEqualTo("True/StartRefused");
        assertThat(message(Conditions.STALLED)).contains("spec.host is not set and ShopUser has no @Host");
        assertThat(runners).allSatisfy(r -> {
            assertThat(r.starts).isEmpty();
            assertThat(r.refusals).isZero();
            assertThat(r.quits).isEqualTo(1);
        });

        setUp2("productCount");
        step(allReady());
        assertThat(condition(Conditions.STALLED)).isEqualTo("True/StartRefused");
        assertThat(message(Conditions.STALLED)).contains("spec.options.productCount is not an option of the loadfile")
                .contains("@CustomOption(name = \"productCount\")");
        assertThat(runners).allSatisfy(r -> assertThat(r.starts).isEmpty());
    }

    /** A fresh run whose spec sets an option the runners' loadfile does not declare. */
    private void setUp2(String option) {
        tearDown();
        runners.clear();
        try {
            setUp();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        loadTest.getSpec().setOptions(Map.of(option, "20"));
    }

    @Test
    void aRefusalRetryingCannotFixStallsAtOnceNamingTheRunnerAndTheFix() {
        runners.get(1).refusal = StartRefusal.permanent(StartRefusal.Reasons.TEST_START_FAILED, null,
                "@OnTestStart Seed.seed failed: java.net.ConnectException");
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(condition(Conditions.STALLED)).isEqualTo("True/StartRefused");
        assertThat(message(Conditions.STALLED)).isEqualTo("Runner shop-abc123-b refused to start run abc123"
                + " (TestStartFailed): @OnTestStart Seed.seed failed: java.net.ConnectException");
        assertThat(runners.get(1).refusals).as("asked once, not retried").isEqualTo(1);
        assertThat(runners).as("the runners that did start are told to quit").allSatisfy(r -> assertThat(r.quits).isEqualTo(1));
    }

    @Test
    void aRefusalThatMayPassIsRetriedUntilTheStartTimeout() {
        runners.get(2).refusal = new StartRefusal(StartRefusal.Reasons.RUN_IN_PROGRESS, null, "run x is still STOPPING", true);
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Starting");
        assertThat(message(Conditions.RECONCILING)).contains("not accepted yet by shop-abc123-c: run x is still STOPPING");
        step(allReady());
        assertThat(runners.get(2).refusals).isEqualTo(2);
        assertThat(runners.get(0).starts).as("a runner that took the start is not sent it again").hasSize(1);

        runners.get(2).refusal = null;
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Running");

        setUp2Retryable();
        now = now.plus(config(port).startTimeout());
        step(allReady());
        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(condition(Conditions.STALLED)).isEqualTo("True/RunnersNotReady");
        assertThat(message(Conditions.STALLED)).contains("did not start within").contains("still STOPPING");
    }

    private void setUp2Retryable() {
        tearDown();
        runners.clear();
        try {
            setUp();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        runners.get(0).refusal = new StartRefusal(StartRefusal.Reasons.RUN_IN_PROGRESS, null, "still STOPPING", true);
    }

    static OperatorConfig config(int port) {
        return new OperatorConfig() {
            @Override
            public Runner runner() {
                return new Runner() {
                    @Override
                    public String image() {
                        return "ghcr.io/loadtest/runner:test";
                    }

                    @Override
                    public Optional<java.nio.file.Path> podDefaultsFile() {
                        return Optional.empty();
                    }

                    @Override
                    public int port() {
                        return port;
                    }

                    @Override
                    public Duration requestTimeout() {
                        return Duration.ofSeconds(2);
                    }
                };
            }

            @Override
            public Optional<String> leaseNamespace() {
                return Optional.empty();
            }

            @Override
            public Duration leaseDuration() {
                return Duration.ofSeconds(15);
            }

            @Override
            public Duration leaseRenewDeadline() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofSeconds(3);
            }

            @Override
            public Duration statusWriteInterval() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration startTimeout() {
                return Duration.ofMinutes(5);
            }

            @Override
            public int historyLimit() {
                return 10;
            }
        };
    }
}
