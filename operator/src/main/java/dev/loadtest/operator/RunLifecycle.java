package dev.loadtest.operator;

import dev.loadtest.api.report.Summaries;
import dev.loadtest.api.report.Thresholds;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.SpecValidation;
import dev.loadtest.operator.resources.LoadfileConfigMaps;
import dev.loadtest.operator.resources.RunnerSecrets;
import dev.loadtest.operator.run.CleanupDecision;
import dev.loadtest.operator.run.EarlierRuns;
import dev.loadtest.operator.run.LoadfileConfigMapCheck;
import dev.loadtest.operator.run.RunDecisions;
import dev.loadtest.operator.run.RunSpecs;
import dev.loadtest.operator.status.Conditions;
import dev.loadtest.operator.status.Conditions.Reasons;
import dev.loadtest.operator.status.LoadTestStatusAggregator;
import dev.loadtest.operator.status.Phase;
import dev.loadtest.operator.status.RunObservation;
import dev.loadtest.operator.status.StatusWrites;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The run lifecycle as a state machine: {@code decide(facts) -> (next status, actions)}. Pure: it reads only the
 * {@link RunFacts} it is given and calls nothing; the random run id and token come from suppliers given at
 * construction. The semantics table of docs/operator.md is {@code RunLifecycleTest}, a row per transition.
 *
 * <p>The runners' control API is the one conversation it does not hold itself: while a run is in progress it asks
 * for the runners to be driven ({@link RunPlan#driveRunners}) and decides what follows from their answer in
 * {@link #afterRunners}.
 */
public final class RunLifecycle {

    /** How long after creating a run's id to look again: the objects are created on the next reconcile. */
    static final Duration AFTER_RUN_CREATED = Duration.ofMillis(200);
    /** How long after a run finished to look again: its cleanup may be due at once. */
    static final Duration AFTER_FINISH = Duration.ofMillis(100);

    /** Reasons a LoadTest gets no run at all: told once in a Warning Event, as status says them. */
    static final Set<String> REFUSED_BEFORE_A_RUN = Set.of(Reasons.INVALID_SPEC, Reasons.LOADFILE_NOT_FOUND);

    /** The operator settings the lifecycle depends on. */
    public record Settings(Duration pollInterval, Duration statusWriteInterval, int historyLimit) {
    }

    private final Settings settings;
    private final Supplier<String> runIds;
    private final Supplier<String> tokens;

    public RunLifecycle(Settings settings) {
        this(settings, RunDecisions::newRunId, RunnerSecrets::newToken);
    }

    RunLifecycle(Settings settings, Supplier<String> runIds, Supplier<String> tokens) {
        this.settings = settings;
        this.runIds = runIds;
        this.tokens = tokens;
    }

    public RunPlan decide(RunFacts f) {
        LoadTest loadTest = f.loadTest();
        LoadTestStatus status = f.status();
        LoadTestSpec spec = loadTest.getSpec();
        RunDecisions.Triggers triggers = RunDecisions.Triggers.of(loadTest.getMetadata().getAnnotations());

        String cause = RunDecisions.newRunCause(status, f.generation(), triggers);
        if (cause != null) {
            List<String> errors = SpecValidation.errors(spec);
            String previousRun = status == null ? null : status.getRunId();
            if (!errors.isEmpty()) {
                String message = "Invalid spec: " + String.join("; ", errors);
                return write(f, RunObservation.invalidSpec(previousRun, message).withRerunToken(triggers.rerunToken()),
                        null, List.of());
            }
            String missingLoadfile = LoadfileConfigMapCheck.problem(spec, loadTest.getMetadata().getNamespace(),
                    loadTest.getMetadata().getName(), f.loadfileConfigMap());
            if (missingLoadfile != null) {
                // at once and before a run id: runner pods without their loadfile would wait in ContainerCreating
                // until the start timeout, and status would only say they never became ready
                return write(f, RunObservation.builder(previousRun, Phase.Failed, Reasons.LOADFILE_NOT_FOUND,
                        missingLoadfile).build().withRerunToken(triggers.rerunToken()), null, List.of());
            }
            String runId = runIds.get();
            RunObservation pending = RunObservation.builder(runId, Phase.Pending, Reasons.CREATING_RUNNERS,
                            "Creating the Secret, loadfile and runner Job of run " + runId + ".")
                    .runners(runners(spec), 0, 0).users(0).thresholds(hasThresholds(spec), null)
                    .rerunToken(triggers.rerunToken()).build();
            // the run id is written before anything is created, so that a crash here never leaves two runs
            return write(f, pending, AFTER_RUN_CREATED, List.of(new RunAction.RecordEvent(EventRecorder.NORMAL,
                    "RunCreated", "Run " + runId + " created with " + runners(spec) + " runner(s) and "
                    + spec.getUsers() + " users (" + cause + ")")));
        }
        if (status == null || status.getRunId() == null) {
            return RunPlan.nothing(); // stopped before its first run, or an invalid spec with no run
        }

        String runId = status.getRunId();
        Phase phase = Phase.parse(status.getPhase());
        if (!phase.inProgress()) {
            return cleanUp(f);
        }
        List<RunAction> earlier = new ArrayList<>();
        Duration earlierDue = earlierRuns(f, earlier);

        if (phase == Phase.Pending || f.runSecret() == null || f.runJob() == null) {
            if (phase != Phase.Pending && phase != Phase.Starting) {
                // the run's objects vanished under a started run: its runners are gone with them
                return finish(f, lost(f, "The runner Job or Secret of run " + runId
                        + " was deleted while the run was in progress.")).after(earlier);
            }
            if (triggers.stop()) {
                return finish(f, RunObservation.builder(runId, Phase.Failed, Reasons.STOPPED, "Run " + runId
                                + " was stopped by the " + RunDecisions.STOP_ANNOTATION + " annotation before its"
                                + " runners started.")
                        .runners(runners(spec), 0, 0).users(0).completionTime(f.now())
                        .thresholds(hasThresholds(spec), null).build()).after(earlier);
            }
            // the Job waits for its Secret (it mounts the token and is built from the spec snapshot in it)
            Secret secret = f.runSecret() != null ? f.runSecret()
                    : RunnerSecrets.desired(loadTest, runId, tokens.get(), RunSpecs.toJson(spec));
            earlier.add(new RunAction.CreateRunObjects(runId, secret, f.runSecret() != null,
                    spec.getLoadfile() != null && spec.getLoadfile().getInline() != null && f.runLoadfile() == null
                            ? LoadfileConfigMaps.desired(loadTest, runId) : null,
                    f.runJob() != null));
            RunObservation starting = RunObservation.builder(runId, Phase.Starting, Reasons.WAITING_FOR_RUNNERS,
                            "Waiting for " + runners(spec) + " runner(s) of run " + runId + " to be ready.")
                    .runners(runners(spec), 0, 0).users(0).thresholds(hasThresholds(spec), null).build();
            return write(f, starting, RunPlan.sooner(settings.pollInterval(), earlierDue), earlier);
        }

        LoadTestSpec runSpec = RunSpecs.fromJson(RunnerSecrets.runSpecJson(f.runSecret()));
        RunContext run = RunContext.builder(runId).runSpec(runSpec).liveSpec(spec)
                .token(RunnerSecrets.token(f.runSecret())).job(f.runJob()).pods(f.runPods())
                .stopRequested(triggers.stop()).build();
        return new RunPlan(null, false, earlier, earlierDue, run);
    }

    /** What follows from one step of the runners ({@code driving}: the plan that asked for it). */
    public RunPlan afterRunners(RunFacts f, RunPlan driving, RunCoordinator.Step step) {
        if (!step.observation().phase().inProgress()) {
            return finish(f, step.observation()).after(driving.actions());
        }
        return write(f, step.observation(), RunPlan.sooner(step.recheckAfter(), driving.recheckAfter()),
                driving.actions());
    }

    /** A finished run: its verdict; a failed run's remaining runners are stopped. */
    private RunPlan finish(RunFacts f, RunObservation finished) {
        boolean passed = finished.phase() == Phase.Succeeded;
        List<RunAction> actions = new ArrayList<>();
        if (!passed) {
            actions.add(new RunAction.StopRemainingRunners(finished.runId()));
        }
        actions.add(new RunAction.KeepResults(f.status(), finished));
        actions.add(new RunAction.RecordEvent(passed ? EventRecorder.NORMAL : EventRecorder.WARNING,
                passed ? "RunSucceeded" : "RunFailed", finished.message()));
        return write(f, finished, AFTER_FINISH, actions);
    }

    /** After a run: its objects and the LoadTest are deleted when their TTLs are up (spec.cleanup). */
    private RunPlan cleanUp(RunFacts f) {
        LoadTestStatus status = f.status();
        List<RunAction> actions = new ArrayList<>();
        actions.add(new RunAction.ForgetRun());
        if (status.getCompletionTime() == null) {
            return new RunPlan(status, false, actions, null, null);
        }
        CleanupDecision decision = CleanupDecision.decide(f.loadTest().getSpec().getCleanup(),
                Phase.Succeeded.name().equals(status.getPhase()), Instant.parse(status.getCompletionTime()), f.now());
        if (decision.deleteLoadTestNow()) {
            actions.add(new RunAction.DeleteLoadTest());
            return new RunPlan(status, false, actions, null, null);
        }
        if (decision.deleteRunnersNow() && f.runIdsWithObjects().contains(status.getRunId())) {
            actions.add(new RunAction.DeleteRunObjects(status.getRunId()));
            actions.add(new RunAction.RecordEvent(EventRecorder.NORMAL, "RunnersDeleted", "Deleted the runner Job,"
                    + " pods, Secret and ConfigMap of run " + status.getRunId() + " per spec.cleanup."));
        }
        Duration earlierDue = earlierRuns(f, actions);
        return new RunPlan(status, false, actions, RunPlan.sooner(decision.recheckAfter(), earlierDue), null);
    }

    /**
     * The objects of runs before the current one go once their own TTL is up (a failed run's are kept for
     * inspection whatever runs next); adds the deletions to {@code actions} and returns when to look again.
     */
    private static Duration earlierRuns(RunFacts f, List<RunAction> actions) {
        LoadTestStatus status = f.status();
        EarlierRuns.Due due = EarlierRuns.decide(f.loadTest().getSpec().getCleanup(), status.getRunId(),
                status.getHistory(), f.runIdsWithObjects(), f.now());
        for (String runId : due.deleteNow()) {
            actions.add(new RunAction.DeleteRunObjects(runId));
            actions.add(new RunAction.RecordEvent(EventRecorder.NORMAL, "RunnersDeleted", "Deleted the runner Job,"
                    + " pods, Secret and ConfigMap of earlier run " + runId + " per spec.cleanup."));
        }
        return due.recheckAfter();
    }

    /** A run whose Job or Secret vanished: judged failed on the figures its runners last reported. */
    private static RunObservation lost(RunFacts f, String message) {
        LoadTestSpec spec = f.loadTest().getSpec();
        String runId = f.status().getRunId();
        boolean reported = !f.reported().isEmpty();
        StatsSnapshot merged = StatsSnapshot.merge(runId, f.reported());
        return RunObservation.builder(runId, Phase.Failed, Reasons.RUNNER_FAILED, message)
                .runners(runners(spec), 0, null).users(0).completionTime(f.now())
                .summary(reported ? Summaries.of(merged, f.now().toEpochMilli()) : null)
                .thresholds(hasThresholds(spec), reported ? Thresholds.evaluate(spec.getThresholds(), merged) : null)
                .build();
    }

    /**
     * The next status from {@code observation}, whether it is due now (figures alone at most every
     * status-write-interval), and the Events its transitions are worth.
     */
    private RunPlan write(RunFacts f, RunObservation observation, Duration recheck, List<RunAction> before) {
        LoadTestStatus previous = f.status();
        LoadTestStatus next = LoadTestStatusAggregator.next(previous, f.generation(), observation, f.now(),
                settings.historyLimit());
        // the last write is of this run only: a new run's first status is written at once
        Instant lastWrite = previous != null && Objects.equals(previous.getRunId(), observation.runId())
                ? f.lastStatusWrite() : null;
        StatusWrites.Decision decision = StatusWrites.decide(previous, next, lastWrite, f.now(),
                settings.statusWriteInterval());
        List<RunAction> actions = new ArrayList<>(before);
        actions.addAll(transitionEvents(previous, next, observation));
        if (decision == StatusWrites.Decision.LATER && lastWrite != null) {
            recheck = RunPlan.sooner(recheck, Duration.between(f.now(), lastWrite.plus(settings.statusWriteInterval())));
        }
        return new RunPlan(next, decision == StatusWrites.Decision.NOW, actions, recheck, null);
    }

    /** Events for phase changes worth telling a human about; the verdicts are recorded by {@link #finish}. */
    static List<RunAction> transitionEvents(LoadTestStatus previous, LoadTestStatus next, RunObservation obs) {
        List<RunAction> events = new ArrayList<>();
        String before = previous == null ? null : previous.getPhase();
        String readyBefore = condition(previous, Conditions.READY).map(Condition::getReason).orElse(null);
        if (REFUSED_BEFORE_A_RUN.contains(obs.reason()) && !obs.reason().equals(readyBefore)) {
            events.add(new RunAction.RecordEvent(EventRecorder.WARNING, obs.reason(), obs.message()));
        } else if (Phase.Stopping.name().equals(next.getPhase()) && !Phase.Stopping.name().equals(before)) {
            boolean onTime = Reasons.STOPPING.equals(obs.reason());
            events.add(new RunAction.RecordEvent(onTime ? EventRecorder.NORMAL : EventRecorder.WARNING,
                    "Stopping" + (onTime ? "" : "After" + obs.reason()), obs.message()));
        }
        Optional<Condition> drift = condition(next, Conditions.SPEC_DRIFTED)
                .filter(c -> Conditions.TRUE.equals(c.getStatus()));
        boolean reportedBefore = drift.isPresent() && condition(previous, Conditions.SPEC_DRIFTED)
                .filter(c -> Conditions.TRUE.equals(c.getStatus()))
                .filter(c -> Objects.equals(c.getMessage(), drift.get().getMessage())).isPresent();
        if (drift.isPresent() && !reportedBefore) {
            events.add(new RunAction.RecordEvent(EventRecorder.NORMAL, Reasons.SPEC_CHANGED_DURING_RUN,
                    drift.get().getMessage()));
        }
        return events;
    }

    private static Optional<Condition> condition(LoadTestStatus status, String type) {
        return status == null || status.getConditions() == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static int runners(LoadTestSpec spec) {
        return spec.getRunners() == null ? 1 : spec.getRunners();
    }

    static boolean hasThresholds(LoadTestSpec spec) {
        return spec.getThresholds() != null && !spec.getThresholds().isEmpty();
    }
}
