package dev.loadtest.operator;

import dev.loadtest.api.Timespan;
import dev.loadtest.api.control.ControlProtocol;
import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.ShapeQuery;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.control.StartPreflight;
import dev.loadtest.api.control.StartRefusal;
import dev.loadtest.api.control.UserClassInfo;
import dev.loadtest.api.report.Summaries;
import dev.loadtest.api.report.Thresholds;
import dev.loadtest.api.stats.RunningMerge;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.LostRunner;
import dev.loadtest.api.v1alpha1.RunSummary;
import dev.loadtest.api.v1alpha1.ThresholdResult;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.metrics.OperatorMetrics;
import dev.loadtest.operator.run.QuitSignals;
import dev.loadtest.operator.run.RunDecisions;
import dev.loadtest.operator.run.ShapeFollowing;
import dev.loadtest.operator.run.StagedSpecs;
import dev.loadtest.operator.run.StartCommands;
import dev.loadtest.operator.run.StartWaves;
import dev.loadtest.operator.run.Verdicts;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.runner.RunnerPod;
import dev.loadtest.operator.status.Conditions;
import dev.loadtest.operator.status.Conditions.Reasons;
import dev.loadtest.operator.status.LoadTestStatusAggregator;
import dev.loadtest.operator.status.Phase;
import dev.loadtest.operator.status.RunObservation;
import dev.loadtest.operator.web.LiveRuns;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.logging.Log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Drives one run through its runners' control API: waits until every runner is ready and starts them together
 * with their share of the users, polls and merges their cumulative statistics, re-dispatches changed users or
 * spawn rate, stops them when the run time is up (or a runner failed, or an abortOnFail threshold failed),
 * collects the final figures and judges the thresholds. One step per reconcile; nothing here blocks for longer
 * than one HTTP timeout, and every runner is called in parallel.
 */
class RunCoordinator {

    /** How long runners may take beyond spec.stopTimeout to report STOPPED before the run is judged without them. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    static final Duration SOON = Duration.ofMillis(500);

    /** Everything one step needs to know about the run. */
    record RunContext(String runId, LoadTestSpec runSpec, LoadTestSpec effective, List<String> drift, String token,
                      Job job, List<Pod> pods, boolean stopRequested) {
        RunContext(String runId, LoadTestSpec runSpec, LoadTestSpec effective, List<String> drift, String token,
                   Job job, List<Pod> pods) {
            this(runId, runSpec, effective, drift, token, job, pods, false);
        }
    }

    /** The observation for status, and when to look again. */
    record Step(RunObservation observation, Duration recheckAfter) {
    }

    private final OperatorConfig config;
    private final RunnerClient runners;
    private final EventRecorder events;
    private final Clock clock;
    private final OperatorMetrics metrics;

    RunCoordinator(OperatorConfig config, RunnerClient runners, EventRecorder events, Clock clock) {
        this(config, runners, events, clock, OperatorMetrics.none());
    }

    RunCoordinator(OperatorConfig config, RunnerClient runners, EventRecorder events, Clock clock,
                   OperatorMetrics metrics) {
        this.config = config;
        this.runners = runners;
        this.events = events;
        this.clock = clock;
        this.metrics = metrics;
    }

    Step step(LoadTest loadTest, LoadTestStatus status, RunMemory.Run run, RunContext ctx, Instant now) {
        List<RunnerPod> pods = RunnerPod.of(ctx.pods());
        Phase phase = Phase.parse(status.getPhase());
        if (phase == Phase.Starting || phase == Phase.Pending) {
            return starting(loadTest, run, ctx, pods, now);
        }
        return running(loadTest, status, run, ctx, pods, now, phase == Phase.Stopping);
    }

    private Step starting(LoadTest loadTest, RunMemory.Run run, RunContext ctx, List<RunnerPod> pods, Instant now) {
        int expected = LoadTestReconciler.runners(ctx.runSpec());
        if (ctx.stopRequested()) {
            quitAll(ctx, pods);
            return terminal(ctx, Phase.Failed, Reasons.STOPPED, "Run " + ctx.runId() + " was stopped by the "
                    + RunDecisions.STOP_ANNOTATION + " annotation before its runners started.", expected, pods, 0, now,
                    null, null);
        }
        List<RunnerPod> failed = pods.stream().filter(RunnerPod::failed).toList();
        if (!failed.isEmpty()) {
            RunnerPod f = failed.getFirst();
            quitAll(ctx, pods);
            if (f.loadfileInvalid()) {
                return terminal(ctx, Phase.Failed, Reasons.LOADFILE_INVALID, "The loadfile does not compile: "
                        + f.terminationMessage(), expected, pods, failed.size(), now, null, null);
            }
            return terminal(ctx, Phase.Failed, Reasons.RUNNER_FAILED, "Runner pod " + f.name()
                    + " failed before the run started" + (f.terminationMessage() == null ? "." : ": "
                    + f.terminationMessage()), expected, pods, failed.size(), now, null, null);
        }
        List<RunnerPod> ready = pods.stream().filter(p -> p.ready() && p.ip() != null).limit(expected).toList();
        if (ready.size() < expected) {
            Instant created = created(ctx.job(), now);
            if (Duration.between(created, now).compareTo(config.startTimeout()) > 0) {
                quitAll(ctx, pods);
                return terminal(ctx, Phase.Failed, Reasons.RUNNERS_NOT_READY, "Only " + ready.size() + " of "
                        + expected + " runners became ready within " + config.startTimeout().toSeconds()
                        + " s; see the runner pods' events (scheduling, image pull, resources).", expected, pods, 0, now,
                        null, null);
            }
            return new Step(observation(ctx, Phase.Starting, Reasons.WAITING_FOR_RUNNERS, ready.size() + " of " + expected
                    + " runners of run " + ctx.runId() + " are ready.", expected, ready.size(), 0, 0, null), config.pollInterval());
        }

        // every runner is ready: start them together
        List<RunnerInfo> infos = joinAll(ready.stream().map(p -> runners.readyz(url(p))).toList());
        if (infos.contains(null)) {
            return startPending(ctx, pods, expected, ready.size(), now,
                    "all " + expected + " runners are ready; waiting for their control API");
        }
        List<UserClassInfo> classes = infos.getFirst().userClasses() == null ? List.of() : infos.getFirst().userClasses();
        String missing = StartCommands.missingClasses(ctx.runSpec(), classes);
        if (missing != null) {
            quitAll(ctx, pods);
            return terminal(ctx, Phase.Failed, Reasons.INVALID_SPEC, missing, expected, pods, 0, now, null, null);
        }
        // checked against what the loadfile declares before any runner starts, so no @OnTestStart runs for a
        // start that some runner would refuse
        StartRefusal misfit = misfit(ctx, infos.getFirst(), classes, ready.size());
        if (misfit != null) {
            quitAll(ctx, pods);
            return terminal(ctx, Phase.Failed, Reasons.START_REFUSED, "Run " + ctx.runId() + " was not started: "
                    + misfit.message(), expected, pods, 0, now, null, null);
        }
        RunnerInfo first = infos.getFirst();
        LoadTestSpec startSpec = StagedSpecs.at(ctx.effective(), 0);
        if (ShapeFollowing.follows(first)) {
            ShapeFollowing.Decision shape = askShape(ctx, ready.getFirst(), 0, 0);
            switch (shape.action()) {
                case DISPATCH -> startSpec = shape.spec();
                case WAIT -> {
                    return startPending(ctx, pods, expected, ready.size(), now, shape.message());
                }
                case STOP, FAIL -> {
                    quitAll(ctx, pods);
                    return terminal(ctx, Phase.Failed, Reasons.LOAD_SHAPE_FAILED, shape.action() == ShapeFollowing.Action.FAIL
                            ? shape.message() : "The loadfile's LoadShape stopped run " + ctx.runId() + " before it"
                            + " started (its first tick() returned null); no load was sent.", expected, pods, 0, now,
                            null, null);
                }
            }
        }
        List<List<Integer>> waves = StartWaves.of(first, ready.size());
        List<RunnerClient.StartReply> replies = dispatch(ctx, startSpec, run, ready, classes, waves, run.acceptedStarts);
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i).isFinal()) {
                StartRefusal why = replies.get(i).refusal();
                quitAll(ctx, pods);
                return terminal(ctx, Phase.Failed, Reasons.START_REFUSED, "Runner " + ready.get(i).name()
                        + " refused to start run " + ctx.runId() + " (" + why.reason() + "): " + why.message(),
                        expected, pods, 0, now, null, null);
            }
        }
        List<String> notYet = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            if (!replies.get(i).isAccepted()) {
                notYet.add(ready.get(i).name() + ": " + replies.get(i).why());
            }
        }
        if (!notYet.isEmpty()) {
            return startPending(ctx, pods, expected, ready.size(), now,
                    "starting the runners; not accepted yet by " + String.join("; ", notYet));
        }
        run.classes = classes;
        run.followsShape = ShapeFollowing.follows(first);
        String shape = first.loadShape();
        if (run.followsShape) {
            events.record(loadTest, EventRecorder.NORMAL, "LoadShapeFollowed", "Following the loadfile's LoadShape "
                    + shape + " across " + expected + " runner(s): runner 0 evaluates tick() every second"
                    + (ctx.runSpec().getStages() != null || ctx.runSpec().getRunTime() != null
                    ? "; spec.users, spec.spawnRate, spec.runTime and spec.stages are ignored, as Locust ignores -u, -r and -t" : "")
                    + ".");
        } else if (shape != null) {
            // a runner image older than control protocol 2 cannot be asked for its shape
            events.record(loadTest, EventRecorder.WARNING, "LoadShapeNotFollowed", "The loadfile's LoadShape " + shape
                    + " cannot be followed: the runner image predates control protocol " + ControlProtocol.V2
                    + "; the run uses " + (ctx.runSpec().getStages() != null ? "spec.stages"
                    : "spec.users and spec.spawnRate") + ". Use a newer runner image.");
        }
        Duration sinceJob = Duration.between(created(ctx.job(), now), now);
        events.record(loadTest, EventRecorder.NORMAL, "RunnersStarted", "Started " + expected + " runner(s) of run "
                + ctx.runId() + (waves.size() > 1 ? " (runner 0 first, for its once-per-test @OnTestStart hooks, then"
                + " the others)" : " together") + ", " + sinceJob.toMillis() + " ms after the Job was created: "
                + startSpec.getUsers() + " users at " + startSpec.getSpawnRate() + "/s.");
        Log.infof("Started %d runner(s) of run %s of LoadTest %s/%s", expected, ctx.runId(),
                loadTest.getMetadata().getNamespace(), loadTest.getMetadata().getName());
        RunObservation started = RunObservation.builder(ctx.runId(), Phase.Running, Reasons.RUNNING, "Run "
                        + ctx.runId() + " is running on " + expected + " runner(s).")
                .runners(expected, ready.size(), 0).users(0).startTime(now).thresholds(hasThresholds(ctx), null)
                .drift(ctx.drift()).build();
        return new Step(started, config.pollInterval());
    }

    /**
     * Some runners have not taken the start yet for a reason that may pass: wait, but no longer than the start
     * timeout counted from the Job's creation, then fail with the last reason.
     */
    private Step startPending(RunContext ctx, List<RunnerPod> pods, int expected, int ready, Instant now,
                              String why) {
        if (Duration.between(created(ctx.job(), now), now).compareTo(config.startTimeout()) > 0) {
            quitAll(ctx, pods);
            return terminal(ctx, Phase.Failed, Reasons.RUNNERS_NOT_READY, "Run " + ctx.runId() + " did not start within "
                    + config.startTimeout().toSeconds() + " s (loadtest.start-timeout): " + why + ".", expected, pods,
                    0, now, null, null);
        }
        return new Step(observation(ctx, Phase.Starting, Reasons.WAITING_FOR_RUNNERS, "Run " + ctx.runId() + ": "
                + why + ".", expected, ready, 0, 0, null), SOON);
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

    private Step running(LoadTest loadTest, LoadTestStatus status, RunMemory.Run run, RunContext ctx,
                         List<RunnerPod> pods, Instant now, boolean stopping) {
        int expected = LoadTestReconciler.runners(ctx.runSpec());
        Set<String> strangers = new TreeSet<>();
        Map<String, RunnerProgress> fresh = poll(ctx, pods, run, strangers);
        Set<String> present = pods.stream().map(RunnerPod::name).collect(Collectors.toSet());
        List<String> vanished = run.latest.keySet().stream().filter(n -> !present.contains(n)).toList();
        List<RunnerPod> failed = pods.stream().filter(RunnerPod::failed).toList();
        List<LostRunner> lost = lostRunners(status, failed, vanished, strangers, now);
        StatsSnapshot merged = merge(ctx.runId(), run);
        RunSummary summary = Summaries.of(merged, now.toEpochMilli());
        List<ThresholdResult> results = Thresholds.evaluate(ctx.effective().getThresholds(), merged);
        if (written(status) > merged.total().numRequests()) {
            // runners that held part of the figures are gone and this instance never polled them (it restarted):
            // the figures written in status are the most complete there are, so they stay
            summary = status.getSummary();
            results = status.getThresholds() == null ? results : status.getThresholds();
        }
        Instant start = status.getStartTime() == null ? now : Instant.parse(status.getStartTime());
        int users = fresh.values().stream().mapToInt(RunnerProgress::users).sum();
        run.recorder.record(merged, users, now);
        LiveRuns.shared().publish(loadTest, ctx.runId(), merged, summary, users, results, now.toEpochMilli());
        int ready = (int) pods.stream().filter(RunnerPod::ready).count();
        int failedCount = lost.size();

        String stopReason;
        String stopMessage;
        if (stopping) {
            // why the run is stopping is kept in the Reconciling condition, so a restarted operator knows it
            var reconciling = status.getConditions() == null ? null : status.getConditions().stream()
                    .filter(c -> Conditions.RECONCILING.equals(c.getType())).findFirst().orElse(null);
            stopReason = reconciling == null ? Reasons.STOPPING : reconciling.getReason();
            stopMessage = reconciling == null ? "Stopping." : reconciling.getMessage();
        } else {
            stopReason = null;
            stopMessage = null;
            if (ctx.stopRequested()) {
                stopReason = Reasons.STOPPED;
                stopMessage = "Run " + ctx.runId() + " was stopped by the " + RunDecisions.STOP_ANNOTATION
                        + " annotation after " + Duration.between(start, now).toSeconds() + " s; its figures are kept.";
            } else if (!lost.isEmpty()) {
                LostRunner first = lost.getFirst();
                stopReason = Reasons.RUNNER_FAILED;
                stopMessage = "Runner pod " + first.getName() + " " + first.getReason() + " during run " + ctx.runId()
                        + " (noticed " + first.getLostAt() + "); the other runners were stopped and its last"
                        + " reported figures are kept.";
            } else {
                List<ThresholdResult> aborting = Thresholds.abortingFailures(ctx.effective().getThresholds() == null
                        ? List.of() : ctx.effective().getThresholds(), results, Duration.between(start, now).toMillis() / 1000.0);
                String quit = QuitSignals.message(ctx.runId(), run.latest, runSeconds(start, now));
                // null when the run follows no LoadShape; with one, the shape decides the users and the end
                ShapeFollowing.Decision shape = quit == null && aborting.isEmpty()
                        ? followShape(ctx, run, pods, runSeconds(start, now), users) : null;
                boolean shaped = shape != null || Boolean.TRUE.equals(run.followsShape);
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
                    events.record(loadTest, EventRecorder.NORMAL, "QuitByUserCode", quit);
                } else if (shape != null && shape.action() == ShapeFollowing.Action.FAIL) {
                    stopReason = Reasons.LOAD_SHAPE_FAILED;
                    stopMessage = shape.message();
                } else if (shape != null && shape.action() == ShapeFollowing.Action.STOP) {
                    stopReason = Reasons.STOPPING;
                    stopMessage = shape.message();
                } else if (runTime != null && !now.isBefore(start.plusMillis((long) (runTime * 1000)))) {
                    stopReason = Reasons.STOPPING;
                    stopMessage = "Run time of " + ctx.runSpec().getRunTime() + " reached; stopping the runners.";
                } else if (!shaped && StagedSpecs.over(ctx.runSpec(), runSeconds(start, now))) {
                    stopReason = Reasons.STOPPING;
                    stopMessage = "The last of spec.stages ended; stopping the runners.";
                } else if (!pods.isEmpty() && allDone(pods, fresh)) {
                    // the runners stopped themselves (their own run-time safety net)
                    return finish(ctx, run, pods, Reasons.STOPPING, null, merged, summary, results, expected,
                            lost, now);
                } else {
                    LoadTestSpec staged = shaped ? (shape != null && shape.action() == ShapeFollowing.Action.DISPATCH
                            ? shape.spec() : null) : StagedSpecs.at(ctx.effective(), runSeconds(start, now));
                    if (staged != null) {
                        redispatchIfChanged(loadTest, ctx, staged, run, pods);
                    }
                    Duration recheck = config.pollInterval();
                    Double toNextStage = shaped ? Double.valueOf(ShapeFollowing.TICK_SECONDS)
                            : StagedSpecs.secondsToNextChange(ctx.runSpec(), runSeconds(start, now));
                    if (toNextStage != null && toNextStage * 1000 < recheck.toMillis()) {
                        // wake at the stage boundary, so the re-dispatch follows the curve on time
                        recheck = Duration.ofMillis((long) (toNextStage * 1000) + 50);
                    }
                    if (runTime != null) {
                        Duration left = Duration.between(now, start.plusMillis((long) (runTime * 1000)));
                        recheck = left.compareTo(recheck) < 0 ? left.plusMillis(50) : recheck;
                    }
                    return new Step(RunObservation.builder(ctx.runId(), Phase.Running, Reasons.RUNNING, "Run "
                                    + ctx.runId() + " is running on " + expected + " runner(s).")
                            .runners(expected, ready, failedCount).users(users)
                            .startTime(status.getStartTime() == null ? now : null).summary(summary)
                            .thresholds(hasThresholds(ctx), results).drift(ctx.drift()).lostRunners(lost).build(),
                            recheck);
                }
            }
            stopAll(ctx, pods);
        }
        // the stop timeout counts from the stop written in status, so that a restarted operator keeps the deadline
        Instant stoppingSince = status.getStopTime() != null ? Instant.parse(status.getStopTime()) : now;
        double stopTimeout = ctx.runSpec().getStopTimeout() == null ? 0 : Timespan.parseSeconds(ctx.runSpec().getStopTimeout());
        Instant deadline = stoppingSince.plusMillis((long) (stopTimeout * 1000)).plus(STOP_GRACE);
        if (stopping && (allDone(pods, fresh) || now.isAfter(deadline))) {
            return finish(ctx, run, pods, stopReason, stopMessage, merged, summary, results, expected, lost, now);
        }
        if (stopping) {
            stopAll(ctx, pods);
        }
        return new Step(RunObservation.builder(ctx.runId(), Phase.Stopping, stopReason, stopMessage)
                .runners(expected, ready, failedCount).users(users).summary(summary)
                .thresholds(hasThresholds(ctx), results).drift(ctx.drift())
                .stopTime(status.getStopTime() == null ? now : null).lostRunners(lost).build(), SOON);
    }

    /**
     * The runners this run lost, from what the API server and the runners say, so that an operator that was down
     * when it happened still finds them: a runner pod that failed (its exit code and termination message), one
     * whose pod is gone since the last poll, and a pod that answers for no run or another one while this run is
     * going (the Job's replacement for a runner that vanished). Earlier findings in status are kept with their time.
     */
    static List<LostRunner> lostRunners(LoadTestStatus status, List<RunnerPod> failed, List<String> vanished,
                                        Set<String> strangers, Instant now) {
        Map<String, LostRunner> lost = new LinkedHashMap<>();
        if (status.getLostRunners() != null) {
            status.getLostRunners().forEach(l -> lost.put(l.getName(), l));
        }
        String at = LoadTestStatusAggregator.time(now);
        for (RunnerPod f : failed) {
            String exit = f.exitCode() == null ? "" : "exit code " + f.exitCode()
                    + (f.exitCode() == 137 ? ", killed" : "");
            String why = f.terminationMessage() == null ? exit : exit.isEmpty() ? f.terminationMessage()
                    : exit + ": " + f.terminationMessage();
            lost.putIfAbsent(f.name(), new LostRunner(f.name(), at, "failed" + (why.isEmpty() ? "" : " (" + why + ")")));
        }
        for (String name : vanished) {
            lost.putIfAbsent(name, new LostRunner(name, at, "vanished (its pod is gone)"));
        }
        for (String name : strangers) {
            lost.putIfAbsent(name, new LostRunner(name, at, "is a replacement that never got the run's start"
                    + " (a runner of the run vanished)"));
        }
        return List.copyOf(lost.values());
    }

    /** The run's final figures and verdict; tells every runner to quit, so that the Job completes. */
    private Step finish(RunContext ctx, RunMemory.Run run, List<RunnerPod> pods, String stopReason, String stopMessage,
                        StatsSnapshot merged, RunSummary summary, List<ThresholdResult> results, int expected,
                        List<LostRunner> lost, Instant now) {
        quitAll(ctx, pods);
        Verdicts.Verdict verdict = Verdicts.decide(stopReason, stopMessage, results, ctx.runId(),
                Math.max(merged.total().numRequests(), summary.getAggregated() == null
                        || summary.getAggregated().getRequests() == null ? 0 : summary.getAggregated().getRequests()));
        return new Step(RunObservation.builder(ctx.runId(), verdict.phase(), verdict.reason(), verdict.message())
                .runners(expected, 0, lost.size()).users(0).completionTime(now).summary(summary)
                .thresholds(hasThresholds(ctx), results).drift(ctx.drift()).lostRunners(lost).build(), null);
    }

    private Step terminal(RunContext ctx, Phase phase, String reason, String message, int expected,
                          List<RunnerPod> pods, int failed, Instant now, RunSummary summary,
                          List<ThresholdResult> results) {
        int ready = (int) pods.stream().filter(RunnerPod::ready).count();
        // drift stays reported on the finished run: the changed fields are what the next run will use
        return new Step(RunObservation.builder(ctx.runId(), phase, reason, message).runners(expected, ready, failed)
                .users(0).completionTime(now).summary(summary).thresholds(hasThresholds(ctx), results)
                .drift(ctx.drift()).build(), null);
    }

    private RunObservation observation(RunContext ctx, Phase phase, String reason, String message, int expected,
                                       int ready, int failed, Integer users, RunSummary summary) {
        return RunObservation.builder(ctx.runId(), phase, reason, message).runners(expected, ready, failed)
                .users(users).summary(summary).thresholds(hasThresholds(ctx), null).drift(ctx.drift()).build();
    }

    /** What a runner reported in this poll, beyond its statistics. */
    record RunnerProgress(String state, int users) {
    }

    /**
     * Pulls /stats from every reachable runner at once; keeps each runner's latest statistics of this run (an answer
     * for another run, or none, keeps the previous one).
     */
    private Map<String, RunnerProgress> poll(RunContext ctx, List<RunnerPod> pods, RunMemory.Run run,
                                             Set<String> strangers) {
        List<RunnerPod> reachable = pods.stream().filter(p -> p.ip() != null && !p.exited()).toList();
        // each body is decoded as it arrives, while the later ones are still on their way
        List<RunnerClient.StatsReply> replies = joinAll(reachable.stream()
                .map(p -> runners.stats(url(p), ctx.token(), run.merge.baseFor(p.name()))).toList());
        Map<String, RunnerProgress> fresh = new LinkedHashMap<>();
        for (int i = 0; i < reachable.size(); i++) {
            RunnerClient.StatsReply reply = replies.get(i);
            StatsSnapshot s = reply == null ? null : reply.snapshot();
            metrics.runnerPolled(s != null);
            if (s == null) {
                if (reply != null && reply.unreadable() != null) {
                    Log.warnf("Runner %s: %s", reachable.get(i).name(), reply.unreadable());
                } else {
                    Log.debugf("Runner %s: %s", reachable.get(i).name(), reply == null ? "no reply" : reply.unreachable());
                }
                continue;
            }
            if (ctx.runId().equals(s.runId())) {
                fresh.put(reachable.get(i).name(), new RunnerProgress(s.state(), s.userCount()));
                run.latest.put(reachable.get(i).name(), s);
                run.merge.received(reachable.get(i).name(), reply.reply());
            } else if (!run.latest.containsKey(reachable.get(i).name())) {
                strangers.add(reachable.get(i).name());
            }
        }
        return fresh;
    }

    /** Requests in the summary written for this run so far (0: none). */
    private static long written(LoadTestStatus status) {
        return status.getSummary() == null || status.getSummary().getAggregated() == null
                || status.getSummary().getAggregated().getRequests() == null ? 0
                : status.getSummary().getAggregated().getRequests();
    }

    /**
     * The exact merge of every runner's latest statistics: the histograms of the runners' deltas since the last poll
     * added to the run's totals when every reply had them, else merged in full ({@link RunningMerge}).
     */
    private StatsSnapshot merge(String runId, RunMemory.Run run) {
        long t0 = System.nanoTime();
        StatsSnapshot merged = run.merge.merge(runId, run.latest);
        metrics.merged(run.merge.lastWasIncremental(), System.nanoTime() - t0);
        return merged;
    }

    /** Every runner has stopped its users (or exited): the final statistics are in. */
    private static boolean allDone(List<RunnerPod> pods, Map<String, RunnerProgress> fresh) {
        for (RunnerPod p : pods) {
            if (p.exited()) {
                continue;
            }
            RunnerProgress s = fresh.get(p.name());
            if (s == null || s.state() == null) {
                return false;
            }
            RunnerState state = RunnerState.valueOf(s.state());
            if (state.isActive()) {
                return false;
            }
        }
        return true;
    }

    /** Users or spawn rate changed while running (or this operator instance never sent them): re-target live. */
    private void redispatchIfChanged(LoadTest loadTest, RunContext ctx, LoadTestSpec staged, RunMemory.Run run,
                                     List<RunnerPod> pods) {
        Integer users = staged.getUsers();
        Double rate = staged.getSpawnRate();
        if (Objects.equals(users, run.dispatchedUsers) && Objects.equals(rate, run.dispatchedSpawnRate)
                && Objects.equals(staged.getArrivalRate(), run.dispatchedArrivalRate)) {
            return;
        }
        boolean changed = run.dispatchedUsers != null;
        List<RunnerPod> live = pods.stream().filter(p -> p.ip() != null && !p.exited())
                .limit(LoadTestReconciler.runners(ctx.runSpec())).toList();
        if (live.isEmpty()) {
            return;
        }
        if (run.classes == null) {
            RunnerInfo info = joinAll(List.of(runners.readyz(url(live.getFirst())))).getFirst();
            if (info == null || info.userClasses() == null) {
                return;
            }
            run.classes = info.userClasses();
        }
        boolean all = dispatch(ctx, staged, run, live, run.classes).stream()
                .allMatch(RunnerClient.StartReply::isAccepted);
        if (all && changed) {
            events.record(loadTest, EventRecorder.NORMAL, "UsersRedispatched", "Re-dispatched run " + ctx.runId()
                    + " to " + users + " users at " + rate + "/s over " + live.size() + " runner(s).");
        }
    }

    /** Sends every runner its share of {@code spec}; a re-sent share changes nothing on a runner that has it (same run id). */
    private List<RunnerClient.StartReply> dispatch(RunContext ctx, LoadTestSpec spec, RunMemory.Run run,
                                                   List<RunnerPod> targets, List<UserClassInfo> classes) {
        return dispatch(ctx, spec, run, targets, classes, StartWaves.of(null, targets.size()), null);
    }

    /**
     * {@link #dispatch(RunContext, LoadTestSpec, RunMemory.Run, List, List)} in {@link StartWaves}: a wave is sent
     * only once every runner of the wave before accepted; the runners of waves not sent answer "not yet". Runners
     * in {@code accepted} (by pod name; null: none) took this start before and are not sent it again; the ones that
     * take it now are added.
     */
    private List<RunnerClient.StartReply> dispatch(RunContext ctx, LoadTestSpec spec, RunMemory.Run run,
                                                   List<RunnerPod> targets, List<UserClassInfo> classes,
                                                   List<List<Integer>> waves,
                                                   Map<String, RunnerClient.StartReply> accepted) {
        List<StartCommand> commands = StartCommands.forRunners(ctx.runId(), spec, classes, targets.size());
        RunnerClient.StartReply[] all = new RunnerClient.StartReply[targets.size()];
        boolean previousAccepted = true;
        for (List<Integer> wave : waves) {
            if (!previousAccepted) {
                wave.forEach(i -> all[i] = new RunnerClient.StartReply(null, null, "waits until runner 0 has run the"
                        + " loadfile's once-per-test @OnTestStart hooks"));
                continue;
            }
            List<Integer> toSend = wave.stream()
                    .filter(i -> accepted == null || !accepted.containsKey(targets.get(i).name())).toList();
            List<RunnerClient.StartReply> replies = joinAll(toSend.stream()
                    .map(i -> runners.start(url(targets.get(i)), ctx.token(), commands.get(i))).toList());
            for (int k = 0; k < toSend.size(); k++) {
                all[toSend.get(k)] = replies.get(k);
                if (accepted != null && replies.get(k) != null && replies.get(k).isAccepted()) {
                    accepted.put(targets.get(toSend.get(k)).name(), replies.get(k));
                }
            }
            wave.stream().filter(i -> all[i] == null && accepted != null)
                    .forEach(i -> all[i] = accepted.get(targets.get(i).name()));
            previousAccepted = wave.stream().allMatch(i -> all[i] != null && all[i].isAccepted());
        }
        List<RunnerClient.StartReply> replies = java.util.Arrays.asList(all);
        if (replies.stream().allMatch(r -> r != null && r.isAccepted())) {
            run.dispatchedUsers = spec.getUsers();
            run.dispatchedSpawnRate = spec.getSpawnRate();
            run.dispatchedArrivalRate = spec.getArrivalRate();
        }
        return replies.stream().map(r -> r == null ? new RunnerClient.StartReply(null, null, "no answer") : r).toList();
    }

    /** Asks runner 0 what the loadfile's LoadShape wants at this run time and these users in all. */
    private ShapeFollowing.Decision askShape(RunContext ctx, RunnerPod runner0, double runSeconds, int users) {
        RunnerClient.ShapeReply reply = joinAll(List.of(runners.shape(url(runner0), ctx.token(),
                new ShapeQuery(ctx.runId(), runSeconds, users)))).getFirst();
        if (reply == null) {
            reply = new RunnerClient.ShapeReply(null, null, "no answer");
        }
        return ShapeFollowing.decide(ctx.effective(), reply.answer(), reply.failure(), reply.unreachable(),
                ctx.runId(), runSeconds);
    }

    /** The shape's decision for this step; null when the run follows no LoadShape (or runner 0 cannot say yet). */
    private ShapeFollowing.Decision followShape(RunContext ctx, RunMemory.Run run, List<RunnerPod> pods,
                                                double runSeconds, int users) {
        List<RunnerPod> live = pods.stream().filter(p -> p.ip() != null && !p.exited()).toList();
        if (live.isEmpty()) {
            return null;
        }
        if (run.followsShape == null) {
            // an operator that restarted mid-run learns it again from runner 0
            RunnerInfo info = joinAll(List.of(runners.readyz(url(live.getFirst())))).getFirst();
            if (info == null) {
                return null;
            }
            run.followsShape = ShapeFollowing.follows(info);
        }
        return run.followsShape ? askShape(ctx, live.getFirst(), runSeconds, users) : null;
    }

    private static double runSeconds(Instant start, Instant now) {
        return Duration.between(start, now).toMillis() / 1000.0;
    }

    private void stopAll(RunContext ctx, List<RunnerPod> pods) {
        joinAll(pods.stream().filter(p -> p.ip() != null && !p.exited()).map(p -> runners.stop(url(p), ctx.token()))
                .map(f -> f.thenApply(v -> Boolean.TRUE)).toList());
    }

    private void quitAll(RunContext ctx, List<RunnerPod> pods) {
        joinAll(pods.stream().filter(p -> p.ip() != null && !p.exited()).map(p -> runners.quit(url(p), ctx.token()))
                .map(f -> f.thenApply(v -> Boolean.TRUE)).toList());
    }

    /** Waits for all calls; a failed call is logged and becomes null, never an exception. */
    private static <T> List<T> joinAll(List<CompletableFuture<T>> calls) {
        List<T> results = new ArrayList<>(calls.size());
        for (CompletableFuture<T> call : calls) {
            try {
                results.add(call.join());
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                Log.debugf("Runner call failed: %s", cause.toString());
                results.add(null);
            }
        }
        return results;
    }

    private String url(RunnerPod p) {
        return p.baseUrl(config.runner().port());
    }

    private static boolean hasThresholds(RunContext ctx) {
        return LoadTestReconciler.hasThresholds(ctx.effective());
    }

    private static Instant created(Job job, Instant otherwise) {
        String ts = job.getMetadata().getCreationTimestamp();
        return ts == null ? otherwise : Instant.parse(ts);
    }
}
