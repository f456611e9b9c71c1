package dev.loadtest.operator;

import dev.loadtest.api.Timespan;
import dev.loadtest.api.control.ControlProtocol;
import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.StartPreflight;
import dev.loadtest.api.control.StartRefusal;
import dev.loadtest.api.control.UserClassInfo;
import dev.loadtest.api.report.Thresholds;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.LostRunner;
import dev.loadtest.api.v1alpha1.RunSummary;
import dev.loadtest.api.v1alpha1.ThresholdResult;
import dev.loadtest.operator.run.QuitSignals;
import dev.loadtest.operator.run.RunDecisions;
import dev.loadtest.operator.run.ShapeFollowing;
import dev.loadtest.operator.run.StagedSpecs;
import dev.loadtest.operator.run.StartCommands;
import dev.loadtest.operator.run.StartWaves;
import dev.loadtest.operator.run.Verdicts;
import dev.loadtest.operator.runner.RunnerClient.StartReply;
import dev.loadtest.operator.runner.RunnerPod;
import dev.loadtest.operator.status.Conditions;
import dev.loadtest.operator.status.Conditions.Reasons;
import dev.loadtest.operator.status.Phase;
import dev.loadtest.operator.status.RunObservation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One step of a run in progress, decided from facts: the run ({@link RunContext}: spec snapshot, Job, pods, stop
 * annotation), the clock, and what its runners replied so far in this step. Pure: it calls nothing. It either
 * concludes the step ({@link Done}, {@link StopRunners}, {@link KeepRunning}) or names the one question the runners
 * must answer before it can ({@link AskReadiness}, {@link AskShape}, {@link SendStarts}); {@link RunCoordinator}
 * asks it, adds the replies to the facts and decides again. So every transition that depends on a runner's reply
 * (a refusal retrying cannot fix, a runner not listening yet, one that died, all of them done, a quit signal) is a
 * row of {@code InProgressDecisionTest}, without HTTP.
 */
final class InProgressDecision {

    /** How long runners may take beyond spec.stopTimeout to report STOPPED before the run is judged without them. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** How soon to look again while runners are being started or stopped. */
    static final Duration SOON = Duration.ofMillis(500);

    /** The operator settings a step depends on. */
    record Settings(Duration startTimeout, Duration pollInterval) {
    }

    /** What a step does next. */
    sealed interface Next {
    }

    /**
     * The step is decided: {@code step} is the observation for status. {@code quitRunners}: tell every reachable
     * runner to quit first (the run is over, so that the Job completes).
     */
    record Done(RunRecordedStep step, boolean quitRunners) implements Next {
    }

    /** The run stops: tell every runner to stop its users, then report {@code step} (phase Stopping). */
    record StopRunners(RunRecordedStep step) implements Next {
    }

    /**
     * The run goes on: re-dispatch {@code staged} when its users or spawn rate differ from what the runners were sent
     * (null: nothing to dispatch), then report {@code step}.
     */
    record KeepRunning(RunRecordedStep step, LoadTestSpec staged) implements Next {
    }

    /** Ask these (ready) runners' {@code /readyz}: what the loadfile declares, and whether they listen yet. */
    record AskReadiness(List<RunnerPod> runners) implements Next {
    }

    /** Ask runner 0 what the loadfile's LoadShape wants at {@code runSeconds} and {@code users}. */
    record AskShape(RunnerPod runner0, double runSeconds, int users) implements Next {
    }

    /** Send the runners their shares of {@code spec}, wave after wave (see {@link StartWaves}). */
    record SendStarts(LoadTestSpec spec, List<RunnerPod> runners, List<UserClassInfo> classes,
                      List<List<Integer>> waves) implements Next {
    }

    /** A step's observation, when to look again (null: on the next event) and the Events it is worth. */
    record RunRecordedStep(RunCoordinator.Step step, List<RunAction.RecordEvent> events) {
        RunRecordedStep {
            events = List.copyOf(events);
        }

        static RunRecordedStep of(RunObservation observation, Duration recheckAfter) {
            return new RunRecordedStep(new RunCoordinator.Step(observation, recheckAfter), List.of());
        }
    }

    /**
     * What the runners of a starting run replied in this step; null: not asked (yet).
     *
     * @param readiness each ready runner's {@code /readyz}, in the order asked (an entry is null: no answer)
     * @param shape     runner 0's LoadShape decision for the start (asked only when the loadfile has one)
     * @param starts    each runner's answer to {@code POST /start} (a runner of a wave not sent: "not yet")
     */
    record StartReplies(List<RunnerInfo> readiness, ShapeFollowing.Decision shape, List<StartReply> starts) {
        static StartReplies none() {
            return new StartReplies(null, null, null);
        }

        StartReplies withReadiness(List<RunnerInfo> infos) {
            return new StartReplies(infos, shape, starts);
        }

        StartReplies withShape(ShapeFollowing.Decision decision) {
            return new StartReplies(readiness, decision, starts);
        }

        StartReplies withStarts(List<StartReply> replies) {
            return new StartReplies(readiness, shape, replies);
        }
    }

    /** What a runner reported in this poll, beyond its statistics ({@code state} null: it did not say). */
    record RunnerProgress(String state, int users) {
    }

    /**
     * What the API server and the runners say about a running (or stopping) run after one poll.
     *
     * @param status       the LoadTest's status (start and stop time, the figures written, why it is stopping)
     * @param progress     by pod name, the runners that answered this poll for this run
     * @param lost         the runners this run lost so far ({@link RunCoordinator#lostRunners})
     * @param latest       every runner's latest statistics of this run (a runner that died still counts)
     * @param merged       the exact merge of every runner's latest statistics
     * @param summary      the merged figures for status (the ones written, when they are more complete)
     * @param results      the thresholds judged on them
     * @param followsShape whether the run follows the loadfile's LoadShape (null: not known yet)
     * @param shape        runner 0's shape decision in this step: null when not asked, {@link ShapeAnswer#notFollowed}
     *                     when the run follows none
     */
    record PollFacts(LoadTestStatus status, Map<String, RunnerProgress> progress, List<LostRunner> lost,
                     Map<String, StatsSnapshot> latest, StatsSnapshot merged, RunSummary summary,
                     List<ThresholdResult> results, Boolean followsShape, ShapeAnswer shape) {
        PollFacts withShape(ShapeAnswer answer) {
            return new PollFacts(status, progress, lost, latest, merged, summary, results, followsShape, answer);
        }
    }

    /** Runner 0's shape decision, once asked; {@code decision} null: the run follows no LoadShape. */
    record ShapeAnswer(ShapeFollowing.Decision decision) {
        static ShapeAnswer notFollowed() {
            return new ShapeAnswer(null);
        }
    }

    private final Settings settings;

    InProgressDecision(Settings settings) {
        this.settings = settings;
    }

    // ---------------------------------------------------------------------------------------------------------
    // starting: every runner ready, then started together, each refusal judged by whether retrying can fix it

    Next starting(RunContext ctx, StartReplies replies, Instant now) {
        List<RunnerPod> pods = RunnerPod.of(ctx.pods());
        int expected = LoadTestReconciler.runners(ctx.runSpec());
        if (ctx.stopRequested()) {
            return over(ctx, Phase.Failed, Reasons.STOPPED, "Run " + ctx.runId() + " was stopped by the "
                    + RunDecisions.STOP_ANNOTATION + " annotation before its runners started.", 0, now);
        }
        List<RunnerPod> failed = pods.stream().filter(RunnerPod::failed).toList();
        if (!failed.isEmpty()) {
            RunnerPod f = failed.getFirst();
            if (f.loadfileInvalid()) {
                return over(ctx, Phase.Failed, Reasons.LOADFILE_INVALID, "The loadfile does not compile: "
                        + f.terminationMessage(), failed.size(), now);
            }
            return over(ctx, Phase.Failed, Reasons.RUNNER_FAILED, "Runner pod " + f.name()
                    + " failed before the run started" + (f.terminationMessage() == null ? "." : ": "
                    + f.terminationMessage()), failed.size(), now);
        }
        List<RunnerPod> ready = pods.stream().filter(p -> p.ready() && p.ip() != null).limit(expected).toList();
        if (ready.size() < expected) {
            if (startTimedOut(ctx, now)) {
                return over(ctx, Phase.Failed, Reasons.RUNNERS_NOT_READY, "Only " + ready.size() + " of "
                        + expected + " runners became ready within " + settings.startTimeout().toSeconds()
                        + " s; see the runner pods' events (scheduling, image pull, resources).", 0, now);
            }
            return new Done(RunRecordedStep.of(observation(ctx, Phase.Starting, Reasons.WAITING_FOR_RUNNERS,
                    ready.size() + " of " + expected + " runners of run " + ctx.runId() + " are ready.", expected,
                    ready.size()), settings.pollInterval()), false);
        }

        // every runner is ready: ask what the loadfile declares, check the spec against it, start them together
        if (replies.readiness() == null) {
            return new AskReadiness(ready);
        }
        if (replies.readiness().size() != ready.size() || replies.readiness().contains(null)) {
            return startPending(ctx, ready.size(), now,
                    "all " + expected + " runners are ready; waiting for their control API");
        }
        RunnerInfo first = replies.readiness().getFirst();
        List<UserClassInfo> classes = first.userClasses() == null ? List.of() : first.userClasses();
        String missing = StartCommands.missingClasses(ctx.runSpec(), classes);
        if (missing != null) {
            return over(ctx, Phase.Failed, Reasons.INVALID_SPEC, missing, 0, now);
        }
        // checked against what the loadfile declares before any runner starts, so no @OnTestStart runs for a
        // start that some runner would refuse
        StartRefusal misfit = misfit(ctx, first, classes, ready.size());
        if (misfit != null) {
            return over(ctx, Phase.Failed, Reasons.START_REFUSED, "Run " + ctx.runId() + " was not started: "
                    + misfit.message(), 0, now);
        }
        LoadTestSpec startSpec = StagedSpecs.at(ctx.effective(), 0);
        if (ShapeFollowing.follows(first)) {
            if (replies.shape() == null) {
                return new AskShape(ready.getFirst(), 0, 0);
            }
            ShapeFollowing.Decision shape = replies.shape();
            switch (shape.action()) {
                case DISPATCH -> startSpec = shape.spec();
                case WAIT -> {
                    return startPending(ctx, ready.size(), now, shape.message());
                }
                case STOP, FAIL -> {
                    return over(ctx, Phase.Failed, Reasons.LOAD_SHAPE_FAILED, shape.action() == ShapeFollowing.Action.FAIL
                            ? shape.message() : "The loadfile's LoadShape stopped run " + ctx.runId() + " before it"
                            + " started (its first tick() returned null); no load was sent.", 0, now);
                }
            }
        }
        List<List<Integer>> waves = StartWaves.of(first, ready.size());
        if (replies.starts() == null) {
            return new SendStarts(startSpec, ready, classes, waves);
        }
        List<StartReply> starts = replies.starts();
        for (int i = 0; i < starts.size(); i++) {
            if (starts.get(i) != null && starts.get(i).isFinal()) {
                // a refusal retrying cannot fix (the spec does not fit the loadfile, @OnTestStart threw): at once,
                // with the runner's own sentence, which names the field and the fix
                StartRefusal why = starts.get(i).refusal();
                return over(ctx, Phase.Failed, Reasons.START_REFUSED, "Runner " + ready.get(i).name()
                        + " refused to start run " + ctx.runId() + " (" + why.reason() + "): " + why.message(), 0, now);
            }
        }
        List<String> notYet = new ArrayList<>();
        for (int i = 0; i < ready.size(); i++) {
            StartReply reply = i < starts.size() ? starts.get(i) : null;
            if (reply == null || !reply.isAccepted()) {
                notYet.add(ready.get(i).name() + ": " + (reply == null ? "no answer" : reply.why()));
            }
        }
        if (!notYet.isEmpty()) {
            // not listening yet, or the previous run still stopping: may pass, so retried until the start timeout
            return startPending(ctx, ready.size(), now,
                    "starting the runners; not accepted yet by " + String.join("; ", notYet));
        }
        return started(ctx, first, startSpec, expected, waves.size(), ready.size(), now);
    }

    private Next started(RunContext ctx, RunnerInfo first, LoadTestSpec startSpec, int expected, int waves, int ready,
                         Instant now) {
        List<RunAction.RecordEvent> events = new ArrayList<>();
        String shape = first.loadShape();
        if (ShapeFollowing.follows(first)) {
            events.add(new RunAction.RecordEvent(EventRecorder.NORMAL, "LoadShapeFollowed", "Following the loadfile's"
                    + " LoadShape " + shape + " across " + expected + " runner(s): runner 0 evaluates tick() every second"
                    + (ctx.runSpec().getStages() != null || ctx.runSpec().getRunTime() != null
                    ? "; spec.users, spec.spawnRate, spec.runTime and spec.stages are ignored, as Locust ignores -u, -r and -t" : "")
                    + "."));
        } else if (shape != null) {
            // a runner image older than control protocol 2 cannot be asked for its shape
            events.add(new RunAction.RecordEvent(EventRecorder.WARNING, "LoadShapeNotFollowed", "The loadfile's"
                    + " LoadShape " + shape + " cannot be followed: the runner image predates control protocol "
                    + ControlProtocol.V2 + "; the run uses " + (ctx.runSpec().getStages() != null ? "spec.stages"
                    : "spec.users and spec.spawnRate") + ". Use a newer runner image."));
        }
        Duration sinceJob = Duration.between(created(ctx, now), now);
        events.add(new RunAction.RecordEvent(EventRecorder.NORMAL, "RunnersStarted", "Started " + expected
                + " runner(s) of run " + ctx.runId() + (waves > 1 ? " (runner 0 first, for its once-per-test"
                + " @OnTestStart hooks, then the others)" : " together") + ", " + sinceJob.toMillis()
                + " ms after the Job was created: " + startSpec.getUsers() + " users at " + startSpec.getSpawnRate()
                + "/s."));
        RunObservation running = RunObservation.builder(ctx.runId(), Phase.Running, Reasons.RUNNING, "Run "
                        + ctx.runId() + " is running on " + expected + " runner(s).")
                .runners(expected, ready, 0).users(0).startTime(now).thresholds(hasThresholds(ctx), null)
                .drift(ctx.drift()).build();
        return new Done(new RunRecordedStep(new RunCoordinator.Step(running, settings.pollInterval()), events), false);
    }

    /**
     * Some runners have not taken the start yet for a reason that may pass: wait, but no longer than the start
     * timeout counted from the Job's creation, then fail with the last reason.
     */
    private Next startPending(RunContext ctx, int ready, Instant now, String why) {
        int expected = LoadTestReconciler.runners(ctx.runSpec());
        if (startTimedOut(ctx, now)) {
            return over(ctx, Phase.Failed, Reasons.RUNNERS_NOT_READY, "Run " + ctx.runId() + " did not start within "
                    + settings.startTimeout().toSeconds() + " s (loadtest.start-timeout): " + why + ".", 0, now);
        }
        return new Done(RunRecordedStep.of(observation(ctx, Phase.Starting, Reasons.WAITING_FOR_RUNNERS, "Run "
                + ctx.runId() + ": " + why + ".", expected, ready), SOON), false);
    }

    private boolean startTimedOut(RunContext ctx, Instant now) {
        return Duration.between(created(ctx, now), now).compareTo(settings.startTimeout()) > 0;
    }

    /** Why the run's spec does not fit the loadfile the runners compiled, or null (also when they do not say). */
    private static StartRefusal misfit(RunContext ctx, RunnerInfo info, List<UserClassInfo> classes, int runnerCount) {
        if (!info.describesDeclarations()) {
            return null;
        }
        Set<String> withUsers = new TreeSet<>();
        StartCommands.forRunners(ctx.runId(), ctx.effective(), classes, runnerCount)
                .forEach(c -> c.userClassCounts().forEach((cls, n) -> {
                    if (n > 0) {
                        withUsers.add(cls);
                    }
                }));
        return StartPreflight.check(ctx.effective().getHost(), ctx.effective().getOptions(), withUsers,
                info.declaredOptions(), info.hostlessClasses());
    }

    // ---------------------------------------------------------------------------------------------------------
    // running and stopping: why (and whether) the run stops, from the poll, the clock and the runners that died

    /** @param stopping whether status says the run is stopping already */
    Next running(RunContext ctx, PollFacts poll, Instant now, boolean stopping) {
        RunSummary summary = poll.summary();
        List<ThresholdResult> results = poll.results();
        List<RunnerPod> pods = RunnerPod.of(ctx.pods());
        LoadTestStatus status = poll.status();
        int expected = LoadTestReconciler.runners(ctx.runSpec());
        Instant start = status.getStartTime() == null ? now : Instant.parse(status.getStartTime());
        double runSeconds = Duration.between(start, now).toMillis() / 1000.0;
        int users = poll.progress().values().stream().mapToInt(RunnerProgress::users).sum();
        int ready = (int) pods.stream().filter(RunnerPod::ready).count();
        List<LostRunner> lost = poll.lost();
        List<RunAction.RecordEvent> events = new ArrayList<>();

        String stopReason;
        String stopMessage;
        if (stopping) {
            // why the run is stopping is kept in the Reconciling condition, so a restarted operator knows it
            var reconciling = status.getConditions() == null ? null : status.getConditions().stream()
                    .filter(c -> Conditions.RECONCILING.equals(c.getType())).findFirst().orElse(null);
            stopReason = reconciling == null ? Reasons.STOPPING : reconciling.getReason();
            stopMessage = reconciling == null ? "Stopping." : reconciling.getMessage();
        } else if (ctx.stopRequested()) {
            stopReason = Reasons.STOPPED;
            stopMessage = "Run " + ctx.runId() + " was stopped by the " + RunDecisions.STOP_ANNOTATION
                    + " annotation after " + Duration.between(start, now).toSeconds() + " s; its figures are kept.";
        } else if (!lost.isEmpty()) {
            // the policy for a runner that dies: the run fails, the others stop, what it reported is kept
            LostRunner first = lost.getFirst();
            stopReason = Reasons.RUNNER_FAILED;
            stopMessage = "Runner pod " + first.getName() + " " + first.getReason() + " during run " + ctx.runId()
                    + " (noticed " + first.getLostAt() + "); the other runners were stopped and its last"
                    + " reported figures are kept.";
        } else {
            List<ThresholdResult> aborting = Thresholds.abortingFailures(ctx.effective().getThresholds() == null
                    ? List.of() : ctx.effective().getThresholds(), results, runSeconds);
            String quit = QuitSignals.message(ctx.runId(), poll.latest(), runSeconds);
            boolean shapeMatters = quit == null && aborting.isEmpty();
            if (shapeMatters && poll.shape() == null && !Boolean.FALSE.equals(poll.followsShape())) {
                List<RunnerPod> live = pods.stream().filter(p -> p.ip() != null && !p.exited()).toList();
                if (!live.isEmpty()) {
                    return new AskShape(live.getFirst(), runSeconds, users);
                }
            }
            // null when the run follows no LoadShape; with one, the shape decides the users and the end
            ShapeFollowing.Decision shape = shapeMatters && poll.shape() != null ? poll.shape().decision() : null;
            boolean shaped = shape != null || Boolean.TRUE.equals(poll.followsShape());
            Double runTime = shaped || ctx.runSpec().getRunTime() == null ? null
                    : Timespan.parseSeconds(ctx.runSpec().getRunTime());
            if (!aborting.isEmpty()) {
                stopReason = Reasons.THRESHOLD_ABORTED;
                stopMessage = "Stopped early, an abortOnFail threshold failed: " + aborting.stream()
                        .map(ThresholdResult::getMessage).collect(Collectors.joining("; "));
            } else if (quit != null) {
                // as Locust's runner.quit(): the test ends as one whose time is up; the verdict is the thresholds'
                stopReason = Reasons.STOPPING;
                stopMessage = quit;
                events.add(new RunAction.RecordEvent(EventRecorder.NORMAL, "QuitByUserCode", quit));
            } else if (shape != null && shape.action() == ShapeFollowing.Action.FAIL) {
                stopReason = Reasons.LOAD_SHAPE_FAILED;
                stopMessage = shape.message();
            } else if (shape != null && shape.action() == ShapeFollowing.Action.STOP) {
                stopReason = Reasons.STOPPING;
                stopMessage = shape.message();
            } else if (runTime != null && !now.isBefore(start.plusMillis((long) (runTime * 1000)))) {
                stopReason = Reasons.STOPPING;
                stopMessage = "Run time of " + ctx.runSpec().getRunTime() + " reached; stopping the runners.";
            } else if (!shaped && StagedSpecs.over(ctx.runSpec(), runSeconds)) {
                stopReason = Reasons.STOPPING;
                stopMessage = "The last of spec.stages ended; stopping the runners.";
            } else if (!pods.isEmpty() && allDone(pods, poll.progress())) {
                // the runners stopped themselves (their own run-time safety net)
                return finish(ctx, poll, Reasons.STOPPING, null, now);
            } else {
                LoadTestSpec staged = shaped ? (shape != null && shape.action() == ShapeFollowing.Action.DISPATCH
                        ? shape.spec() : null) : StagedSpecs.at(ctx.effective(), runSeconds);
                Duration recheck = settings.pollInterval();
                Double toNextStage = shaped ? Double.valueOf(ShapeFollowing.TICK_SECONDS)
                        : StagedSpecs.secondsToNextChange(ctx.runSpec(), runSeconds);
                if (toNextStage != null && toNextStage * 1000 < recheck.toMillis()) {
                    // wake at the stage boundary, so the re-dispatch follows the curve on time
                    recheck = Duration.ofMillis((long) (toNextStage * 1000) + 50);
                }
                if (runTime != null) {
                    Duration left = Duration.between(now, start.plusMillis((long) (runTime * 1000)));
                    recheck = left.compareTo(recheck) < 0 ? left.plusMillis(50) : recheck;
                }
                RunObservation running = RunObservation.builder(ctx.runId(), Phase.Running, Reasons.RUNNING, "Run "
                                + ctx.runId() + " is running on " + expected + " runner(s).")
                        .runners(expected, ready, lost.size()).users(users)
                        .startTime(status.getStartTime() == null ? now : null).summary(summary)
                        .thresholds(hasThresholds(ctx), results).drift(ctx.drift()).lostRunners(lost).build();
                return new KeepRunning(RunRecordedStep.of(running, recheck), staged);
            }
        }
        // the stop timeout counts from the stop written in status, so that a restarted operator keeps the deadline
        Instant stoppingSince = status.getStopTime() != null ? Instant.parse(status.getStopTime()) : now;
        double stopTimeout = ctx.runSpec().getStopTimeout() == null ? 0 : Timespan.parseSeconds(ctx.runSpec().getStopTimeout());
        Instant deadline = stoppingSince.plusMillis((long) (stopTimeout * 1000)).plus(STOP_GRACE);
        if (stopping && (allDone(pods, poll.progress()) || now.isAfter(deadline))) {
            return finish(ctx, poll, stopReason, stopMessage, now);
        }
        RunObservation stoppingNow = RunObservation.builder(ctx.runId(), Phase.Stopping, stopReason, stopMessage)
                .runners(expected, ready, lost.size()).users(users).summary(summary)
                .thresholds(hasThresholds(ctx), results).drift(ctx.drift())
                .stopTime(status.getStopTime() == null ? now : null).lostRunners(lost).build();
        return new StopRunners(new RunRecordedStep(new RunCoordinator.Step(stoppingNow, SOON), events));
    }

    /** The run's final figures and verdict; every runner is told to quit, so that the Job completes. */
    private static Next finish(RunContext ctx, PollFacts poll, String stopReason, String stopMessage, Instant now) {
        RunSummary summary = poll.summary();
        List<ThresholdResult> results = poll.results();
        StatsSnapshot merged = poll.merged();
        long requests = Math.max(merged.total().numRequests(), summary.getAggregated() == null
                || summary.getAggregated().getRequests() == null ? 0 : summary.getAggregated().getRequests());
        Verdicts.Verdict verdict = Verdicts.decide(stopReason, stopMessage, results, ctx.runId(), requests);
        return new Done(RunRecordedStep.of(RunObservation.builder(ctx.runId(), verdict.phase(), verdict.reason(),
                        verdict.message())
                .runners(LoadTestReconciler.runners(ctx.runSpec()), 0, poll.lost().size()).users(0).completionTime(now)
                .summary(summary).thresholds(hasThresholds(ctx), results).drift(ctx.drift()).lostRunners(poll.lost())
                .build(), null), true);
    }

    /** Every runner has stopped its users (or exited): the final statistics are in. */
    static boolean allDone(List<RunnerPod> pods, Map<String, RunnerProgress> fresh) {
        for (RunnerPod p : pods) {
            if (p.exited()) {
                continue;
            }
            RunnerProgress s = fresh.get(p.name());
            if (s == null || s.state() == null) {
                return false;
            }
            if (RunnerState.valueOf(s.state()).isActive()) {
                return false;
            }
        }
        return true;
    }

    /** A run that ends before its runners started: the runners that are there are told to quit. */
    private static Next over(RunContext ctx, Phase phase, String reason, String message, int failed, Instant now) {
        int expected = LoadTestReconciler.runners(ctx.runSpec());
        int ready = (int) RunnerPod.of(ctx.pods()).stream().filter(RunnerPod::ready).count();
        // drift stays reported on the finished run: the changed fields are what the next run will use
        return new Done(RunRecordedStep.of(RunObservation.builder(ctx.runId(), phase, reason, message)
                .runners(expected, ready, failed).users(0).completionTime(now)
                .thresholds(hasThresholds(ctx), null).drift(ctx.drift()).build(), null), true);
    }

    private static RunObservation observation(RunContext ctx, Phase phase, String reason, String message, int expected,
                                              int ready) {
        return RunObservation.builder(ctx.runId(), phase, reason, message).runners(expected, ready, 0)
                .users(0).thresholds(hasThresholds(ctx), null).drift(ctx.drift()).build();
    }

    private static boolean hasThresholds(RunContext ctx) {
        return LoadTestReconciler.hasThresholds(ctx.effective());
    }

    private static Instant created(RunContext ctx, Instant otherwise) {
        String ts = ctx.job().getMetadata() == null ? null : ctx.job().getMetadata().getCreationTimestamp();
        return ts == null ? otherwise : Instant.parse(ts);
    }
}
