package dev.loadtest.operator;

import dev.loadtest.api.v1alpha1.CleanupPolicy;
import dev.loadtest.api.v1alpha1.ConfigMapLoadfile;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.LostRunner;
import dev.loadtest.operator.resources.Names;
import dev.loadtest.operator.resources.RunnerSecrets;
import dev.loadtest.operator.run.LoadfileConfigMapCheck;
import dev.loadtest.operator.run.RunDecisions;
import dev.loadtest.operator.run.RunSpecs;
import dev.loadtest.operator.status.Conditions;
import dev.loadtest.operator.status.Conditions.Reasons;
import dev.loadtest.operator.status.LoadTestStatusAggregator;
import dev.loadtest.operator.status.Phase;
import dev.loadtest.operator.status.RunObservation;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The semantics table of docs/operator.md ("Changing, re-running and stopping a LoadTest" and the rows after it),
 * one row per transition, against the pure {@link RunLifecycle}: given the facts the API server holds, the next
 * status and the actions. No API server, no runners: what the runners answer is given as the coordinator's step.
 */
class RunLifecycleTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final String RUN = "run001";
    static final String NEXT_RUN = "run002";
    static final RunLifecycle.Settings SETTINGS = new RunLifecycle.Settings(Duration.ofSeconds(3), Duration.ofSeconds(5), 10);

    /** One row: the semantics it stands for, the facts, and what must follow. */
    record Row(String semantics, Function<World, RunFacts> given, Consumer<Outcome> then) {
        @Override
        public String toString() {
            return semantics;
        }
    }

    /** The plan, and the status the LoadTest has once it is written. */
    record Outcome(RunPlan plan, LoadTestStatus before) {
        LoadTestStatus status() {
            return plan.status();
        }

        List<String> actionNames() {
            return plan.actions().stream().map(a -> a instanceof RunAction.RecordEvent e ? "Event " + e.reason()
                    : a.getClass().getSimpleName() + (a instanceof RunAction.DeleteRunObjects d ? " " + d.runId() : ""))
                    .toList();
        }

        String condition(String type) {
            return plan.status().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                    .map(c -> c.getStatus() + "/" + c.getReason()).orElse("absent");
        }
    }

    /** Builds the facts of a row: a LoadTest as the API server holds it, and its run's objects. */
    static final class World {
        final LoadTest loadTest = Fixtures.loadTest("shop");
        final Map<String, String> annotations = new HashMap<>();

        World() {
            loadTest.getMetadata().setAnnotations(annotations);
        }

        World generation(long g) {
            loadTest.getMetadata().setGeneration(g);
            return this;
        }

        World annotate(String key, String value) {
            annotations.put(key, value);
            return this;
        }

        World spec(Consumer<LoadTestSpec> change) {
            change.accept(loadTest.getSpec());
            return this;
        }

        /** The status after {@code observations} were written in turn (each by the aggregator, as the operator does). */
        LoadTestStatus status(RunObservation... observations) {
            LoadTestStatus s = null;
            for (RunObservation o : observations) {
                s = LoadTestStatusAggregator.next(s, loadTest.getMetadata().getGeneration(), o, NOW.minusSeconds(60), 10);
            }
            return s;
        }

        /** The Secret of run {@code runId}, holding {@code spec} as the run's spec snapshot. */
        static io.fabric8.kubernetes.api.model.Secret secret(LoadTest lt, String runId, LoadTestSpec spec) {
            return RunnerSecrets.desired(lt, runId, "t0k3n", RunSpecs.toJson(spec));
        }

        static Job job(String runId) {
            return new JobBuilder().withNewMetadata().withName(Names.runnerJob("shop", runId))
                    .withCreationTimestamp(NOW.minusSeconds(30).toString()).endMetadata().build();
        }

        /** The facts of run RUN in {@code phase}, started from {@code runSpec} (its Secret and Job exist). */
        RunFacts.Builder running(Phase phase, LoadTestSpec runSpec) {
            LoadTestStatus s = status(started(phase));
            return RunFacts.builder(loadTest, NOW).status(s).runSecret(secret(loadTest, RUN, runSpec)).runJob(job(RUN))
                    .runIdsWithObjects(Set.of(RUN));
        }

        /** A copy of the spec as it is now: what a run started now would snapshot. */
        LoadTestSpec snapshot() {
            return RunSpecs.fromJson(RunSpecs.toJson(loadTest.getSpec()));
        }
    }

    static RunObservation started(Phase phase) {
        return RunObservation.builder(RUN, phase, phase == Phase.Pending ? Reasons.CREATING_RUNNERS : Reasons.RUNNING,
                        "run " + RUN).runners(3, 3, 0).users(10).startTime(NOW.minusSeconds(20)).build();
    }

    static RunObservation finished(Phase verdict, Instant at) {
        return RunObservation.builder(RUN, verdict, verdict == Phase.Succeeded ? Reasons.COMPLETED : Reasons.THRESHOLDS_NOT_MET,
                        "run " + RUN + " finished").runners(3, 0, 0).users(0).startTime(at.minusSeconds(60))
                .completionTime(at).build();
    }

    /**
     * run001 failed 60 s ago (the history records it) and keeps its runners for {@code ttlAfterFailure} seconds;
     * run002 is now running, with its objects.
     */
    static RunFacts failedAMinuteAgoWhileTheNextRuns(World w, int ttlAfterFailure) {
        CleanupPolicy p = new CleanupPolicy();
        p.setRunnersTtlSecondsAfterFailure(ttlAfterFailure);
        w.spec(s -> s.setCleanup(p));
        LoadTestStatus s = w.status(finished(Phase.Failed, NOW.minusSeconds(60)),
                RunObservation.builder(NEXT_RUN, Phase.Running, Reasons.RUNNING, "run002").runners(3, 3, 0)
                        .startTime(NOW.minusSeconds(10)).build());
        return RunFacts.builder(w.loadTest, NOW).status(s)
                .runSecret(World.secret(w.loadTest, NEXT_RUN, w.snapshot())).runJob(World.job(NEXT_RUN))
                .runIdsWithObjects(Set.of(RUN, NEXT_RUN)).build();
    }

    /** The loadfile from the user's ConfigMap shop-loadfile, key ShopUser.java. */
    static void fromConfigMap(LoadTestSpec spec) {
        ConfigMapLoadfile ref = new ConfigMapLoadfile();
        ref.setName("shop-loadfile");
        ref.setKey("ShopUser.java");
        LoadfileSource loadfile = new LoadfileSource();
        loadfile.setConfigMap(ref);
        spec.setLoadfile(loadfile);
    }

    static Row row(String semantics, Function<World, RunFacts> given, Consumer<Outcome> then) {
        return new Row(semantics, given, then);
    }

    static List<Row> semantics() {
        List<Row> rows = new ArrayList<>();
        rows.add(row("unchanged apply after a run: nothing",
                w -> RunFacts.builder(w.loadTest, NOW).status(w.status(finished(Phase.Succeeded, NOW.minusSeconds(60))))
                        .build(),
                o -> {
                    assertThat(o.plan().writeStatus()).isFalse();
                    assertThat(o.actionNames()).containsExactly("ForgetRun");
                    assertThat(o.plan().driveRunners()).isNull();
                }));
        rows.add(row("unchanged apply during a run: the run goes on",
                w -> w.running(Phase.Running, w.snapshot()).build(),
                o -> {
                    assertThat(o.plan().driveRunners().runId()).isEqualTo(RUN);
                    assertThat(o.plan().driveRunners().drift()).isEmpty();
                    assertThat(o.actionNames()).isEmpty();
                }));
        rows.add(row("spec change after a run: a new run, its id written before any object is created",
                w -> {
                    LoadTestStatus done = w.status(finished(Phase.Succeeded, NOW.minusSeconds(60)));
                    return RunFacts.builder(w.generation(2).loadTest, NOW).status(done).build();
                },
                o -> {
                    assertThat(o.status().getRunId()).isEqualTo(NEXT_RUN);
                    assertThat(o.status().getPhase()).isEqualTo("Pending");
                    assertThat(o.plan().writeStatus()).isTrue();
                    assertThat(o.actionNames()).containsExactly("Event RunCreated");
                    assertThat(o.status().getHistory()).extracting("runId").containsExactly(RUN);
                }));
        rows.add(row("users changed during a run: live, no new run, the run carries the generation",
                w -> {
                    LoadTestSpec runSpec = w.snapshot();
                    return w.generation(2).spec(s -> s.setUsers(40)).running(Phase.Running, runSpec).build();
                },
                o -> {
                    assertThat(o.plan().driveRunners().effective().getUsers()).isEqualTo(40);
                    assertThat(o.plan().driveRunners().drift()).isEmpty();
                    assertThat(o.plan().status()).as("no status but the coordinator's").isNull();
                }));
        rows.add(row("spawnRate changed during a run: live",
                w -> {
                    LoadTestSpec runSpec = w.snapshot();
                    return w.generation(2).spec(s -> s.setSpawnRate(9.0)).running(Phase.Running, runSpec).build();
                },
                o -> {
                    assertThat(o.plan().driveRunners().effective().getSpawnRate()).isEqualTo(9.0);
                    assertThat(o.plan().driveRunners().drift()).isEmpty();
                }));
        rows.add(row("any other change during a run: SpecDrifted, the run keeps its spec",
                w -> {
                    LoadTestSpec runSpec = w.snapshot();
                    return w.generation(2).spec(s -> s.setRunTime("5m")).running(Phase.Running, runSpec).build();
                },
                o -> {
                    assertThat(o.plan().driveRunners().drift()).containsExactly("runTime");
                    assertThat(o.plan().driveRunners().effective().getRunTime()).isEqualTo("1m");
                }));
        rows.add(row("SpecDrifted is written at once, with an Event",
                w -> {
                    LoadTestSpec runSpec = w.snapshot();
                    return w.generation(2).spec(s -> s.setRunTime("5m")).running(Phase.Running, runSpec).build();
                },
                o -> {
                    // the coordinator's step for the drifted run, as it reports it
                    RunPlan after = new RunLifecycle(SETTINGS, () -> NEXT_RUN, () -> "tok").afterRunners(
                            o.plan().driveRunners() == null ? null : factsOf(o), o.plan(),
                            new RunCoordinator.Step(RunObservation.builder(RUN, Phase.Running, Reasons.RUNNING, "running")
                                    .runners(3, 3, 0).users(10).drift(o.plan().driveRunners().drift()).build(),
                                    Duration.ofSeconds(3)));
                    assertThat(after.writeStatus()).isTrue();
                    assertThat(after.status().getConditions()).filteredOn(c -> c.getType().equals(Conditions.SPEC_DRIFTED))
                            .extracting(Condition::getStatus).containsExactly("True");
                    assertThat(after.actions()).extracting(a -> ((RunAction.RecordEvent) a).reason())
                            .containsExactly(Reasons.SPEC_CHANGED_DURING_RUN);
                }));
        rows.add(row("the drifted spec runs once the current run ends",
                w -> {
                    LoadTestStatus drifted = w.generation(2).status(finished(Phase.Succeeded, NOW.minusSeconds(5)));
                    drifted.getConditions().add(new io.fabric8.kubernetes.api.model.ConditionBuilder()
                            .withType(Conditions.SPEC_DRIFTED).withStatus("True").withMessage("runTime").build());
                    return RunFacts.builder(w.loadTest, NOW).status(drifted).build();
                },
                o -> {
                    assertThat(o.status().getRunId()).isEqualTo(NEXT_RUN);
                    assertThat(o.condition(Conditions.SPEC_DRIFTED)).doesNotStartWith("True");
                }));
        rows.add(row("a new loadtest.dev/rerun token after a run: a new run, the token in status",
                w -> {
                    LoadTestStatus done = w.status(finished(Phase.Succeeded, NOW.minusSeconds(60)));
                    return RunFacts.builder(w.annotate(RunDecisions.RERUN_ANNOTATION, "build-42").loadTest, NOW)
                            .status(done).build();
                },
                o -> {
                    assertThat(o.status().getRunId()).isEqualTo(NEXT_RUN);
                    assertThat(o.status().getRerunToken()).isEqualTo("build-42");
                }));
        rows.add(row("a new rerun token during a run: no new run until it ends",
                w -> w.annotate(RunDecisions.RERUN_ANNOTATION, "build-43").running(Phase.Running, w.snapshot()).build(),
                o -> {
                    assertThat(o.plan().driveRunners().runId()).isEqualTo(RUN);
                    assertThat(o.plan().status()).isNull();
                }));
        rows.add(row("loadtest.dev/stop during a run: the runners are told to stop",
                w -> w.annotate(RunDecisions.STOP_ANNOTATION, "true").running(Phase.Running, w.snapshot()).build(),
                o -> assertThat(o.plan().driveRunners().stopRequested()).isTrue()));
        rows.add(row("loadtest.dev/stop before the runners started: Failed/Stopped, remaining runners stopped",
                w -> RunFacts.builder(w.annotate(RunDecisions.STOP_ANNOTATION, "true").loadTest, NOW)
                        .status(w.status(started(Phase.Pending))).build(),
                o -> {
                    assertThat(o.status().getPhase()).isEqualTo("Failed");
                    assertThat(o.condition(Conditions.SUCCEEDED)).isEqualTo("False/" + Reasons.STOPPED);
                    assertThat(o.actionNames()).containsExactly("StopRemainingRunners", "KeepResults", "Event RunFailed");
                }));
        rows.add(row("loadtest.dev/stop after a run: no new run, even for a changed spec",
                w -> {
                    LoadTestStatus done = w.status(finished(Phase.Succeeded, NOW.minusSeconds(60)));
                    return RunFacts.builder(w.generation(2).annotate(RunDecisions.STOP_ANNOTATION, "").loadTest, NOW)
                            .status(done).build();
                },
                o -> {
                    assertThat(o.plan().writeStatus()).isFalse();
                    assertThat(o.actionNames()).containsExactly("ForgetRun");
                }));
        rows.add(row("an invalid spec: Stalled with reason InvalidSpec naming the field, nothing created",
                w -> RunFacts.builder(w.spec(s -> s.setRunners(0)).loadTest, NOW).build(),
                o -> {
                    assertThat(o.condition(Conditions.STALLED)).isEqualTo("True/" + Reasons.INVALID_SPEC);
                    assertThat(o.status().getRunId()).isNull();
                    assertThat(o.plan().actions()).singleElement().satisfies(a ->
                            assertThat(((RunAction.RecordEvent) a).message()).contains("spec.runners"));
                }));
        rows.add(row("a loadfile ConfigMap that does not exist: Stalled at once naming spec.loadfile.configMap and the fix, nothing created",
                w -> RunFacts.builder(w.spec(RunLifecycleTest::fromConfigMap).loadTest, NOW)
                        .loadfileConfigMap(LoadfileConfigMapCheck.Found.missing()).build(),
                o -> {
                    assertThat(o.condition(Conditions.STALLED)).isEqualTo("True/" + Reasons.LOADFILE_NOT_FOUND);
                    assertThat(o.status().getRunId()).isNull();
                    assertThat(o.plan().writeStatus()).isTrue();
                    assertThat(o.plan().actions()).singleElement().isInstanceOfSatisfying(RunAction.RecordEvent.class,
                            e -> {
                                assertThat(e.type()).isEqualTo(EventRecorder.WARNING);
                                assertThat(e.reason()).isEqualTo(Reasons.LOADFILE_NOT_FOUND);
                                assertThat(e.message()).startsWith("spec.loadfile.configMap.name: ConfigMap shop-loadfile"
                                        + " does not exist in namespace shop. Create it (kubectl create configmap"
                                        + " shop-loadfile -n shop --from-file=ShopUser.java)")
                                        .contains("kubectl annotate lt shop -n shop loadtest.dev/rerun=");
                            });
                }));
        rows.add(row("a loadfile ConfigMap without the key named: Stalled at once naming spec.loadfile.configMap.key and the keys it has",
                w -> RunFacts.builder(w.spec(RunLifecycleTest::fromConfigMap).loadTest, NOW)
                        .loadfileConfigMap(LoadfileConfigMapCheck.Found.withKeys(Set.of("Shop.java", "users.csv"))).build(),
                o -> {
                    assertThat(o.condition(Conditions.STALLED)).isEqualTo("True/" + Reasons.LOADFILE_NOT_FOUND);
                    assertThat(o.status().getConditions()).filteredOn(c -> c.getType().equals(Conditions.STALLED))
                            .singleElement().extracting(Condition::getMessage).asString()
                            .startsWith("spec.loadfile.configMap.key: ConfigMap shop-loadfile has no key ShopUser.java;"
                                    + " its keys are [Shop.java, users.csv]. Set spec.loadfile.configMap.key to one of them");
                }));
        rows.add(row("a loadfile ConfigMap with its key: the run is created",
                w -> RunFacts.builder(w.spec(RunLifecycleTest::fromConfigMap).loadTest, NOW)
                        .loadfileConfigMap(LoadfileConfigMapCheck.Found.withKeys(Set.of("ShopUser.java"))).build(),
                o -> {
                    assertThat(o.status().getRunId()).isEqualTo(NEXT_RUN);
                    assertThat(o.status().getPhase()).isEqualTo("Pending");
                }));
        rows.add(row("a run with its id written: Secret, loadfile ConfigMap and Job created",
                w -> RunFacts.builder(w.loadTest, NOW).status(w.status(started(Phase.Pending))).build(),
                o -> {
                    assertThat(o.plan().actions()).singleElement().isInstanceOfSatisfying(RunAction.CreateRunObjects.class,
                            c -> {
                                assertThat(c.runId()).isEqualTo(RUN);
                                assertThat(c.secretExists()).isFalse();
                                assertThat(RunnerSecrets.token(c.secret())).isEqualTo("tok");
                                assertThat(c.loadfile()).isNotNull();
                                assertThat(c.jobExists()).isFalse();
                            });
                    assertThat(o.status().getPhase()).isEqualTo("Starting");
                }));
        rows.add(row("the Job is created from the Secret that exists, not from a spec changed since",
                w -> {
                    LoadTestSpec runSpec = w.snapshot();
                    LoadTestStatus pending = w.status(started(Phase.Pending));
                    return RunFacts.builder(w.spec(s -> s.setRunTime("9m")).loadTest, NOW).status(pending)
                            .runSecret(World.secret(w.loadTest, RUN, runSpec)).build();
                },
                o -> assertThat(o.plan().actions()).singleElement().isInstanceOfSatisfying(
                        RunAction.CreateRunObjects.class, c -> {
                            assertThat(c.secretExists()).isTrue();
                            assertThat(RunSpecs.fromJson(RunnerSecrets.runSpecJson(c.secret())).getRunTime())
                                    .isEqualTo("1m");
                        })));
        rows.add(row("the Job or Secret deleted under a started run: Failed/RunnerFailed, figures reported kept",
                w -> RunFacts.builder(w.loadTest, NOW).status(w.status(started(Phase.Running))).build(),
                o -> {
                    assertThat(o.condition(Conditions.SUCCEEDED)).isEqualTo("False/" + Reasons.RUNNER_FAILED);
                    assertThat(o.actionNames()).containsExactly("StopRemainingRunners", "KeepResults", "Event RunFailed");
                }));
        rows.add(row("a start refusal retrying cannot fix: Stalled/StartRefused with the runner's message",
                w -> w.running(Phase.Starting, w.snapshot()).build(),
                o -> {
                    RunPlan after = lifecycle().afterRunners(factsOf(o), o.plan(), new RunCoordinator.Step(
                            RunObservation.builder(RUN, Phase.Failed, Reasons.START_REFUSED, "Runner shop-a refused:"
                                    + " spec.options.productCount is not an option of the loadfile").runners(3, 3, 0)
                                    .users(0).completionTime(NOW).build(), null));
                    assertThat(after.status().getConditions()).filteredOn(c -> c.getType().equals(Conditions.STALLED))
                            .singleElement().satisfies(c -> {
                                assertThat(c.getStatus()).isEqualTo("True");
                                assertThat(c.getReason()).isEqualTo(Reasons.START_REFUSED);
                                assertThat(c.getMessage()).contains("spec.options.productCount");
                            });
                    assertThat(after.writeStatus()).isTrue();
                    assertThat(after.actions()).first().isInstanceOf(RunAction.StopRemainingRunners.class);
                }));
        rows.add(row("a runner that dies: the run fails by policy, the lost runner named with when",
                w -> w.running(Phase.Running, w.snapshot()).build(),
                o -> {
                    RunPlan after = lifecycle().afterRunners(factsOf(o), o.plan(), new RunCoordinator.Step(
                            RunObservation.builder(RUN, Phase.Failed, Reasons.RUNNER_FAILED, "Runner pod shop-b failed")
                                    .runners(3, 2, 1).users(0).completionTime(NOW)
                                    .lostRunners(List.of(new LostRunner("shop-b", NOW.toString(), "failed (exit code 137)")))
                                    .build(), null));
                    assertThat(after.status().getLostRunners()).extracting(LostRunner::getName).containsExactly("shop-b");
                    assertThat(after.status().getPhase()).isEqualTo("Failed");
                    assertThat(after.actions()).first().isInstanceOf(RunAction.StopRemainingRunners.class);
                }));
        rows.add(row("a passed run's objects go at once after it finished",
                w -> RunFacts.builder(w.loadTest, NOW).status(w.status(finished(Phase.Succeeded, NOW.minusSeconds(1))))
                        .runIdsWithObjects(Set.of(RUN)).build(),
                o -> assertThat(o.actionNames()).containsExactly("ForgetRun", "DeleteRunObjects " + RUN,
                        "Event RunnersDeleted")));
        rows.add(row("a failed run's objects live for their TTL, whatever runs next",
                w -> failedAMinuteAgoWhileTheNextRuns(w, 120),
                o -> {
                    assertThat(o.actionNames()).doesNotContain("DeleteRunObjects " + RUN);
                    assertThat(o.plan().recheckAfter()).isLessThanOrEqualTo(Duration.ofSeconds(60));
                }));
        rows.add(row("... and go once it is up",
                w -> failedAMinuteAgoWhileTheNextRuns(w, 30),
                o -> {
                    assertThat(o.actionNames()).containsExactly("DeleteRunObjects " + RUN, "Event RunnersDeleted");
                    assertThat(o.plan().driveRunners().runId()).isEqualTo(NEXT_RUN);
                }));
        rows.add(row("ttlSecondsAfterFinished: the LoadTest itself is deleted",
                w -> {
                    CleanupPolicy p = new CleanupPolicy();
                    p.setTtlSecondsAfterFinished(30);
                    w.spec(s -> s.setCleanup(p));
                    return RunFacts.builder(w.loadTest, NOW).status(w.status(finished(Phase.Succeeded, NOW.minusSeconds(31))))
                            .build();
                },
                o -> assertThat(o.actionNames()).containsExactly("ForgetRun", "DeleteLoadTest")));
        rows.add(row("wait-for-run: a re-apply's first write names the new generation and drops the old verdict",
                w -> {
                    LoadTestStatus passed = w.status(finished(Phase.Succeeded, NOW.minusSeconds(60)));
                    return RunFacts.builder(w.generation(2).loadTest, NOW).status(passed).build();
                },
                o -> {
                    assertThat(o.before().getRunGeneration()).isEqualTo(1L);
                    assertThat(o.plan().writeStatus()).isTrue();
                    assertThat(o.status().getRunGeneration()).isEqualTo(2L);
                    assertThat(o.condition(Conditions.READY)).startsWith("False/");
                    assertThat(o.condition(Conditions.RECONCILING)).startsWith("True/");
                    assertThat(o.condition(Conditions.SUCCEEDED)).startsWith("Unknown/");
                }));
        rows.add(row("a restart decides the same: nothing cached, the run is driven from the API server's facts",
                w -> w.running(Phase.Running, w.snapshot()).reported(List.of()).lastStatusWrite(null).build(),
                o -> {
                    assertThat(o.plan().driveRunners().token()).isEqualTo("t0k3n");
                    assertThat(o.plan().driveRunners().job().getMetadata().getName()).isEqualTo(Names.runnerJob("shop", RUN));
                }));
        rows.add(row("figures alone are written at most every status-write-interval",
                w -> w.running(Phase.Running, w.snapshot()).lastStatusWrite(NOW.minusSeconds(1)).build(),
                o -> {
                    RunObservation sameButFigures = RunObservation.builder(RUN, Phase.Running, Reasons.RUNNING,
                            "run " + RUN).runners(3, 3, 0).users(11).build();
                    RunPlan after = lifecycle().afterRunners(factsOf(o), o.plan(),
                            new RunCoordinator.Step(sameButFigures, Duration.ofSeconds(3)));
                    assertThat(after.writeStatus()).isFalse();
                    assertThat(after.recheckAfter()).isEqualTo(Duration.ofSeconds(3));
                    RunPlan due = lifecycle().afterRunners(factsOf(o, NOW.plusSeconds(4)), o.plan(),
                            new RunCoordinator.Step(sameButFigures, Duration.ofSeconds(3)));
                    assertThat(due.writeStatus()).isTrue();
                }));
        return rows;
    }

    /** The facts a row was decided from (kept per outcome for follow-up decisions). */
    private static final ThreadLocal<RunFacts> LAST = new ThreadLocal<>();

    static RunFacts factsOf(Outcome o) {
        return LAST.get();
    }

    static RunFacts factsOf(Outcome o, Instant now) {
        RunFacts f = LAST.get();
        return f.at(now);
    }

    static RunLifecycle lifecycle() {
        return new RunLifecycle(SETTINGS, () -> NEXT_RUN, () -> "tok");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("semantics")
    void eachTransitionOfTheSemanticsTable(Row row) {
        RunFacts facts = row.given().apply(new World());
        LAST.set(facts);
        RunPlan plan = lifecycle().decide(facts);
        row.then().accept(new Outcome(plan, facts.status()));
        // pure: the same facts decide the same again
        RunPlan again = lifecycle().decide(facts);
        assertThat(again.actions()).hasSameSizeAs(plan.actions());
        assertThat(again.writeStatus()).isEqualTo(plan.writeStatus());
        assertThat(again.recheckAfter()).isEqualTo(plan.recheckAfter());
    }
}
