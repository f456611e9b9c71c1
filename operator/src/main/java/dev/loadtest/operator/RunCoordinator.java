package dev.loadtest.operator;

import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.ShapeQuery;
import dev.loadtest.api.control.StartCommand;
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
import dev.loadtest.operator.InProgressDecision.RunnerProgress;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.metrics.OperatorMetrics;
import dev.loadtest.operator.run.ShapeFollowing;
import dev.loadtest.operator.run.StartCommands;
import dev.loadtest.operator.run.StartWaves;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.runner.RunnerPod;
import dev.loadtest.operator.status.LoadTestStatusAggregator;
import dev.loadtest.operator.status.Phase;
import dev.loadtest.operator.status.RunObservation;
import dev.loadtest.operator.web.LiveRuns;
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
 * Drives one run through its runners' control API, and only that: it asks the runners what the pure
 * {@link InProgressDecision} needs to know (readiness, the LoadShape, their answers to a start, their statistics),
 * hands the replies back as facts, and carries out what it decided (start, re-dispatch, stop, quit). Waits until
 * every runner is ready and starts them together with their share of the users, polls and merges their cumulative
 * statistics, stops them when the run is over and collects the final figures. One step per reconcile; nothing
 * here blocks for longer than one HTTP timeout, and every runner is called in parallel.
 */
class RunCoordinator {

    /** How long runners may take beyond spec.stopTimeout to report STOPPED before the run is judged without them. */
    static final Duration STOP_GRACE = InProgressDecision.STOP_GRACE;
    static final Duration SOON = InProgressDecision.SOON;

    /** The observation for status, and when to look again. */
    record Step(RunObservation observation, Duration recheckAfter) {
    }

    private final OperatorConfig config;
    private final RunnerClient runners;
    private final EventRecorder events;
    private final Clock clock;
    private final OperatorMetrics metrics;
    private final InProgressDecision decision;

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
        this.decision = new InProgressDecision(new InProgressDecision.Settings(config.startTimeout(),
                config.pollInterval()));
    }

    Step step(LoadTest loadTest, LoadTestStatus status, RunMemory.Run run, RunContext ctx, Instant now) {
        Phase phase = Phase.parse(status.getPhase());
        if (phase == Phase.Starting || phase == Phase.Pending) {
            return starting(loadTest, run, ctx, now);
        }
        return running(loadTest, status, run, ctx, now, phase == Phase.Stopping);
    }

    /** Asks the runners what {@link InProgressDecision#starting} wants to know until it has decided. */
    private Step starting(LoadTest loadTest, RunMemory.Run run, RunContext ctx, Instant reconcileStart) {
        InProgressDecision.StartReplies replies = InProgressDecision.StartReplies.none();
        Instant asked = clock.instant();
        while (true) {
            // the time the runners answered, not the reconcile's start: asking for readiness, the shape and the
            // starts (in waves) takes seconds on a busy machine, and the run's startTime, from which its run time
            // counts, must not come before the runners took their start
            Instant now = reconcileStart.plus(Duration.between(asked, clock.instant()));
            InProgressDecision.Next next = decision.starting(ctx, replies, now);
            switch (next) {
                case InProgressDecision.AskReadiness ask ->
                        replies = replies.withReadiness(joinAll(ask.runners().stream().map(p -> runners.readyz(url(p))).toList()));
                case InProgressDecision.AskShape ask ->
                        replies = replies.withShape(askShape(ctx, ask.runner0(), ask.runSeconds(), ask.users()));
                case InProgressDecision.SendStarts send ->
                        replies = replies.withStarts(dispatch(ctx, send, run, run.acceptedStarts));
                case InProgressDecision.Done done -> {
                    Step step = conclude(loadTest, ctx, done.step(), done.quitRunners());
                    if (step.observation().phase() == Phase.Running) {
                        RunnerInfo first = replies.readiness().getFirst();
                        run.classes = first.userClasses() == null ? List.of() : first.userClasses();
                        run.followsShape = ShapeFollowing.follows(first);
                        Log.infof("Started %d runner(s) of run %s of LoadTest %s/%s",
                                LoadTestReconciler.runners(ctx.runSpec()), ctx.runId(),
                                loadTest.getMetadata().getNamespace(), loadTest.getMetadata().getName());
                    }
                    return step;
                }
                case InProgressDecision.StopRunners stop -> {
                    return conclude(loadTest, ctx, stop.step(), false);
                }
                case InProgressDecision.KeepRunning keep -> {
                    return conclude(loadTest, ctx, keep.step(), false);
                }
            }
        }
    }

    private Step conclude(LoadTest loadTest, RunContext ctx, InProgressDecision.RunRecordedStep step, boolean quit) {
        if (quit) {
            quitAll(ctx, RunnerPod.of(ctx.pods()));
        }
        step.events().forEach(e -> events.record(loadTest, e.type(), e.reason(), e.message()));
        return step.step();
    }

    /**
     * Polls every runner, turns what the API server and the runners say into {@link InProgressDecision.PollFacts}
     * and carries out what {@link InProgressDecision#running} decides from them.
     */
    private Step running(LoadTest loadTest, LoadTestStatus status, RunMemory.Run run, RunContext ctx, Instant now,
                         boolean stopping) {
        List<RunnerPod> pods = RunnerPod.of(ctx.pods());
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
        int users = fresh.values().stream().mapToInt(RunnerProgress::users).sum();
        run.recorder.record(merged, users, now);
        LiveRuns.shared().publish(loadTest, ctx.runId(), merged, summary, users, results, now.toEpochMilli());

        InProgressDecision.PollFacts facts = new InProgressDecision.PollFacts(status, fresh, lost, run.latest, merged,
                summary, results, run.followsShape, null);
        while (true) {
            InProgressDecision.Next next = decision.running(ctx, facts, now, stopping);
            switch (next) {
                case InProgressDecision.AskShape ask ->
                        facts = facts.withShape(new InProgressDecision.ShapeAnswer(followShape(ctx, run, ask)));
                case InProgressDecision.KeepRunning keep -> {
                    if (keep.staged() != null) {
                        redispatchIfChanged(loadTest, ctx, keep.staged(), run, pods);
                    }
                    return conclude(loadTest, ctx, keep.step(), false);
                }
                case InProgressDecision.StopRunners stop -> {
                    stopAll(ctx, pods);
                    return conclude(loadTest, ctx, stop.step(), false);
                }
                case InProgressDecision.Done done -> {
                    return conclude(loadTest, ctx, done.step(), done.quitRunners());
                }
                case InProgressDecision.AskReadiness ask ->
                        throw new IllegalStateException("a running run's runners are not asked for readiness");
                case InProgressDecision.SendStarts send ->
                        throw new IllegalStateException("a running run's runners are re-dispatched, not started");
            }
        }
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

    /**
     * Pulls /stats from every reachable runner at once; keeps each runner's latest statistics of this run (an answer
     * for another run, or none, keeps the previous one).
     */
    private Map<String, RunnerProgress> poll(RunContext ctx, List<RunnerPod> pods, RunMemory.Run run,
                                             Set<String> strangers) {
        List<RunnerPod> reachable = pods.stream().filter(p -> p.ip() != null && !p.exited()).toList();
        // each body is decoded as it arrives, while the later ones are still on their way
        List<RunnerClient.StatsReply> replies = joinAll(reachable.stream()
                .map(p -> runners.stats(url(p), ctx.token(), run.merge.baseFor(p.name()), run.merge::prepare)).toList());
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
        boolean all = dispatch(ctx, new InProgressDecision.SendStarts(staged, live, run.classes,
                StartWaves.of(null, live.size())), run, null).stream()
                .allMatch(RunnerClient.StartReply::isAccepted);
        if (all && changed) {
            events.record(loadTest, EventRecorder.NORMAL, "UsersRedispatched", "Re-dispatched run " + ctx.runId()
                    + " to " + users + " users at " + rate + "/s over " + live.size() + " runner(s).");
        }
    }

    /**
     * Sends every runner of {@code send} its share of the spec, in its {@link StartWaves}: a wave is sent only once
     * every runner of the wave before accepted; the runners of waves not sent answer "not yet". A re-sent share
     * changes nothing on a runner that has it (same run id). Runners in {@code accepted} (by pod name; null: none)
     * took this start before and are not sent it again; the ones that take it now are added.
     */
    private List<RunnerClient.StartReply> dispatch(RunContext ctx, InProgressDecision.SendStarts send,
                                                   RunMemory.Run run, Map<String, RunnerClient.StartReply> accepted) {
        LoadTestSpec spec = send.spec();
        List<RunnerPod> targets = send.runners();
        List<List<Integer>> waves = send.waves();
        List<StartCommand> commands = StartCommands.forRunners(ctx.runId(), spec, send.classes(), targets.size());
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

    /**
     * The shape's decision for this step; null when the run follows no LoadShape (or runner 0 cannot say yet). An
     * operator that restarted mid-run learns whether it follows one again from runner 0.
     */
    private ShapeFollowing.Decision followShape(RunContext ctx, RunMemory.Run run, InProgressDecision.AskShape ask) {
        if (run.followsShape == null) {
            RunnerInfo info = joinAll(List.of(runners.readyz(url(ask.runner0())))).getFirst();
            if (info == null) {
                return null;
            }
            run.followsShape = ShapeFollowing.follows(info);
        }
        return run.followsShape ? askShape(ctx, ask.runner0(), ask.runSeconds(), ask.users()) : null;
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
}
