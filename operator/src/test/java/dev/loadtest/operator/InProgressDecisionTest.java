package dev.loadtest.operator;

import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.StartRefusal;
import dev.loadtest.api.control.UserClassInfo;
import dev.loadtest.api.report.Summaries;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.LostRunner;
import dev.loadtest.operator.InProgressDecision.AskReadiness;
import dev.loadtest.operator.InProgressDecision.AskShape;
import dev.loadtest.operator.InProgressDecision.Done;
import dev.loadtest.operator.InProgressDecision.KeepRunning;
import dev.loadtest.operator.InProgressDecision.Next;
import dev.loadtest.operator.InProgressDecision.PollFacts;
import dev.loadtest.operator.InProgressDecision.RunRecordedStep;
import dev.loadtest.operator.InProgressDecision.RunnerProgress;
import dev.loadtest.operator.InProgressDecision.SendStarts;
import dev.loadtest.operator.InProgressDecision.ShapeAnswer;
import dev.loadtest.operator.InProgressDecision.StartReplies;
import dev.loadtest.operator.InProgressDecision.StopRunners;
import dev.loadtest.operator.run.ShapeFollowing;
import dev.loadtest.operator.runner.RunnerClient.StartReply;
import dev.loadtest.operator.status.LoadTestStatusAggregator;
import dev.loadtest.operator.status.Phase;
import dev.loadtest.operator.status.RunObservation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InProgressDecision}, a row per transition of a run in progress, decided from the runners' replies as facts
 * (no HTTP, no API server): what the step asks next, or how it ends, rendered as one line. The rows follow the
 * run: runners becoming ready, what they declare, their answers to the start (a refusal retrying cannot fix stalls
 * at once naming the field; one that may pass is retried until the start timeout), then the poll (a runner that
 * died, a quit() in user code, the run time, all runners done) and the stop.
 */
class InProgressDecisionTest {

    static final String RUN = "abc123";
    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration POLL = Duration.ofSeconds(2);
    static final List<String> NAMES = List.of("shop-abc123-a", "shop-abc123-b", "shop-abc123-c");
    static final List<UserClassInfo> CLASSES = List.of(new UserClassInfo("ShopUser", 1, 0));
    static final StartReply ACCEPTED = new StartReply(info(null), null, null);

    /** A row: its name, the decision, and what it must come to, as {@link #render} writes it. */
    record Row(String name, Function<InProgressDecision, Next> decide, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // ---- starting
        rows.add(new Row("the stop annotation before the runners started ends the run",
                d -> d.starting(ctx(l -> l.getMetadata().setAnnotations(Map.of("loadtest.dev/stop", "true")),
                        readyPods(3), true, 5), StartReplies.none(), NOW),
                "Done+quit Failed Stopped: Run abc123 was stopped by the loadtest.dev/stop annotation before its runners started."));
        rows.add(new Row("a runner whose loadfile does not compile stalls with the compiler's message",
                d -> d.starting(ctx(l -> { }, List.of(pod(0, true, false, null), pod(1, false, true,
                        "ShopUser.java:3: error: ';' expected"), pod(2, true, false, null)), false, 5),
                        StartReplies.none(), NOW),
                "Done+quit Failed LoadfileInvalid: The loadfile does not compile: ShopUser.java:3: error: ';' expected"));
        rows.add(new Row("runners not all ready within the start timeout: waits",
                d -> d.starting(ctx(l -> { }, readyPods(2), false, 5), StartReplies.none(), NOW),
                "Done Starting WaitingForRunners: 2 of 3 runners of run abc123 are ready. recheck=PT2S"));
        rows.add(new Row("runners not all ready after the start timeout: RunnersNotReady",
                d -> d.starting(ctx(l -> { }, readyPods(2), false, 61), StartReplies.none(), NOW),
                "Done+quit Failed RunnersNotReady: Only 2 of 3 runners became ready within 60 s; see the runner pods'"
                        + " events (scheduling, image pull, resources)."));
        rows.add(new Row("all ready: asks what their loadfile declares",
                d -> d.starting(ctx(l -> { }, readyPods(3), false, 5), StartReplies.none(), NOW),
                "AskReadiness [shop-abc123-a, shop-abc123-b, shop-abc123-c]"));
        rows.add(new Row("a runner not listening yet: retried soon",
                d -> d.starting(ctx(l -> { }, readyPods(3), false, 5), replies(info(null), null, info(null)), NOW),
                "Done Starting WaitingForRunners: Run abc123: all 3 runners are ready; waiting for their control API."
                        + " recheck=PT0.5S"));
        rows.add(new Row("a runner not listening after the start timeout: RunnersNotReady with the last reason",
                d -> d.starting(ctx(l -> { }, readyPods(3), false, 61), replies(info(null), null, info(null)), NOW),
                "Done+quit Failed RunnersNotReady: Run abc123 did not start within 60 s (loadtest.start-timeout): all 3"
                        + " runners are ready; waiting for their control API."));
        rows.add(new Row("spec.userClasses names a class the loadfile lacks: InvalidSpec before any start",
                d -> d.starting(ctx(l -> l.getSpec().setUserClasses(List.of("AdminUser")), readyPods(3), false, 5),
                        replies(info(null), info(null), info(null)), NOW),
                "Done+quit Failed InvalidSpec: spec.userClasses names [AdminUser], which the loadfile does not define;"
                        + " it has [ShopUser]"));
        rows.add(new Row("an option the loadfile does not declare: StartRefused naming spec.options and the fix, nothing sent",
                d -> d.starting(ctx(l -> l.getSpec().setOptions(Map.of("productCount", "20")), readyPods(3), false, 5),
                        replies(declaring("product-count"), declaring("product-count"), declaring("product-count")), NOW),
                "Done+quit Failed StartRefused: Run abc123 was not started: spec.options.productCount is not an option"
                        + " of the loadfile"));
        rows.add(new Row("no host anywhere: StartRefused naming spec.host and the fix, nothing sent",
                d -> d.starting(ctx(l -> l.getSpec().setHost(null), readyPods(3), false, 5),
                        replies(hostless(), hostless(), hostless()), NOW),
                "Done+quit Failed StartRefused: Run abc123 was not started: No host to send requests to: spec.host is"
                        + " not set and ShopUser has no @Host."));
        rows.add(new Row("the spec fits: sends each runner its share, all in one wave",
                d -> d.starting(ctx(l -> { }, readyPods(3), false, 5), replies(info(null), info(null), info(null)), NOW),
                "SendStarts 10 users to [shop-abc123-a, shop-abc123-b, shop-abc123-c] in 1 wave(s)"));
        rows.add(new Row("a once-per-test @OnTestStart: runner 0 in a wave of its own",
                d -> d.starting(ctx(l -> { }, readyPods(3), false, 5), replies(oncePerTest(), oncePerTest(), oncePerTest()), NOW),
                "SendStarts 10 users to [shop-abc123-a, shop-abc123-b, shop-abc123-c] in 2 wave(s)"));
        rows.add(new Row("a refusal retrying cannot fix (@OnTestStart threw): stalls at once naming the runner and the fix",
                d -> d.starting(ctx(l -> { }, readyPods(3), false, 5), replies(info(null), info(null), info(null))
                        .withStarts(List.of(ACCEPTED, new StartReply(null, StartRefusal.permanent("TestStartFailed", null,
                                "@OnTestStart Seed.login threw: 401 Unauthorized; check spec.env LOGIN_TOKEN"), null),
                                ACCEPTED)), NOW),
                "Done+quit Failed StartRefused: Runner shop-abc123-b refused to start run abc123 (TestStartFailed):"
                        + " @OnTestStart Seed.login threw: 401 Unauthorized; check spec.env LOGIN_TOKEN"));
        rows.add(new Row("a runner that took an earlier try of this start (its answer came too late) and ran it to its"
                        + " end: counted as started, not a refusal (200 runner pods under load)",
                d -> d.starting(ctx(l -> { }, readyPods(3), false, 5), replies(info(null), info(null), info(null))
                        .withStarts(List.of(ACCEPTED, new StartReply(null, StartRefusal.permanent(
                                StartRefusal.Reasons.RUN_FINISHED, null, "Run abc123 already ran to its end on this"
                                        + " runner; a run is never started twice. Start a new run."), null), ACCEPTED)), NOW),
                "Done Running Running: Run abc123 is running on 3 runner(s). recheck=PT2S start=2026-11-26T10:00:00Z"
                        + " events=[RunnersStarted: Started 3 runner(s) of run abc123 together, 5000 ms after the Job"
                        + " was created: 10 users at 2.0/s.]"));
        rows.add(new Row("a refusal that may pass (the previous run is still stopping): retried soon",
                d -> d.starting(ctx(l -> { }, readyPods(3), false, 5), replies(info(null), info(null), info(null))
                        .withStarts(List.of(ACCEPTED, ACCEPTED, new StartReply(null, new StartRefusal("RunInProgress",
                                null, "run zzz is still stopping", true), null))), NOW),
                "Done Starting WaitingForRunners: Run abc123: starting the runners; not accepted yet by shop-abc123-c:"
                        + " run zzz is still stopping. recheck=PT0.5S"));
        rows.add(new Row("a runner not listening to the start: retried until the start timeout, then its reason",
                d -> d.starting(ctx(l -> { }, readyPods(3), false, 61), replies(info(null), info(null), info(null))
                        .withStarts(List.of(ACCEPTED, new StartReply(null, null, "Connection refused"), ACCEPTED)), NOW),
                "Done+quit Failed RunnersNotReady: Run abc123 did not start within 60 s (loadtest.start-timeout):"
                        + " starting the runners; not accepted yet by shop-abc123-b: Connection refused."));
        rows.add(new Row("every runner accepted: Running from now, with a RunnersStarted Event",
                d -> d.starting(ctx(l -> { }, readyPods(3), false, 5), replies(info(null), info(null), info(null))
                        .withStarts(List.of(ACCEPTED, ACCEPTED, ACCEPTED)), NOW),
                "Done Running Running: Run abc123 is running on 3 runner(s). recheck=PT2S start=2026-11-26T10:00:00Z"
                        + " events=[RunnersStarted: Started 3 runner(s) of run abc123 together, 5000 ms after the Job"
                        + " was created: 10 users at 2.0/s.]"));
        rows.add(new Row("a loadfile with a LoadShape: asks runner 0 before the start",
                d -> d.starting(ctx(l -> { }, readyPods(3), false, 5), replies(shaped(), shaped(), shaped()), NOW),
                "AskShape shop-abc123-a at 0.0 s"));
        rows.add(new Row("the LoadShape's first tick() throws: LoadShapeFailed, no load sent",
                d -> d.starting(ctx(l -> { }, readyPods(3), false, 5), replies(shaped(), shaped(), shaped())
                        .withShape(new ShapeFollowing.Decision(ShapeFollowing.Action.FAIL, null, "tick() threw")), NOW),
                "Done+quit Failed LoadShapeFailed: tick() threw"));

        // ---- running and stopping
        rows.add(new Row("running, time not up: keeps running with the staged users",
                d -> d.running(ctx(l -> { }, readyPods(3), false, 30), poll(running(), progress("RUNNING", 4, 3, 3),
                        List.of(), Map.of(), false, null), NOW, false),
                "KeepRunning Running Running: Run abc123 is running on 3 runner(s). recheck=PT2S users=10 staged=10"));
        rows.add(new Row("a runner died: the run fails by policy, the others are stopped, its figures kept",
                d -> d.running(ctx(l -> { }, readyPods(2), false, 30), poll(running(), progress("RUNNING", 4, 3),
                        List.of(new LostRunner("shop-abc123-c", "2026-11-26T09:59:58Z", "failed (exit code 137, killed)")),
                        Map.of(), false, null), NOW, false),
                "StopRunners Stopping RunnerFailed: Runner pod shop-abc123-c failed (exit code 137, killed) during run"
                        + " abc123 (noticed 2026-11-26T09:59:58Z); the other runners were stopped and its last reported"
                        + " figures are kept. recheck=PT0.5S users=7"));
        rows.add(new Row("user code called quit(): stops every runner, a QuitByUserCode Event",
                d -> d.running(ctx(l -> { }, readyPods(3), false, 30), poll(running(), progress("RUNNING", 4, 3, 3),
                        List.of(), Map.of("shop-abc123-b", quitBy("Buy.pay")), false, null), NOW, false),
                "StopRunners Stopping Stopping: User code called quit() (Buy.pay) on runner shop-abc123-b after 20 s of"
                        + " run abc123; stopping every runner. recheck=PT0.5S users=10 events=[QuitByUserCode: User code"
                        + " called quit() (Buy.pay) on runner shop-abc123-b after 20 s of run abc123; stopping every runner.]"));
        rows.add(new Row("the run time is up: stops every runner",
                d -> d.running(ctx(l -> { }, readyPods(3), false, 70), poll(runningSince(60), progress("RUNNING", 4, 3, 3),
                        List.of(), Map.of(), false, null), NOW, false),
                "StopRunners Stopping Stopping: Run time of 1m reached; stopping the runners. recheck=PT0.5S users=10"));
        rows.add(new Row("the stop annotation while running: stops every runner, figures kept",
                d -> d.running(ctx(l -> l.getMetadata().setAnnotations(Map.of("loadtest.dev/stop", "true")), readyPods(3),
                        true, 30), poll(running(), progress("RUNNING", 4, 3, 3), List.of(), Map.of(), false, null), NOW, false),
                "StopRunners Stopping Stopped: Run abc123 was stopped by the loadtest.dev/stop annotation after 20 s;"
                        + " its figures are kept. recheck=PT0.5S users=10"));
        rows.add(new Row("every runner stopped on its own: finished, judged",
                d -> d.running(ctx(l -> { }, readyPods(3), false, 30), poll(running(), progress("STOPPED", 0, 0, 0),
                        List.of(), Map.of(), false, null), NOW, false),
                "Done+quit Succeeded Completed: Run abc123 finished after 0 requests."));
        rows.add(new Row("stopping, a runner still stopping its users before the deadline: told to stop again",
                d -> d.running(ctx(l -> { }, readyPods(3), false, 30), poll(stopping(), progress("STOPPED", 0, 0, 2),
                        List.of(), Map.of(), false, null), NOW, true),
                "StopRunners Stopping Stopping: Run time of 1m reached; stopping the runners. recheck=PT0.5S users=2"));
        rows.add(new Row("stopping, every runner done: finished, judged",
                d -> d.running(ctx(l -> { }, readyPods(3), false, 30), poll(stopping(), progress("STOPPED", 0, 0, 0),
                        List.of(), Map.of(), false, null), NOW, true),
                "Done+quit Succeeded Completed: Run abc123 finished after 0 requests."));
        rows.add(new Row("stopping past stopTimeout and its grace: judged without the runners that did not answer",
                d -> d.running(ctx(l -> { }, readyPods(3), false, 100), poll(stoppingSince(31), progress("STOPPED", 0, 0),
                        List.of(), Map.of(), false, null), NOW, true),
                "Done+quit Succeeded Completed: Run abc123 finished after 0 requests."));
        rows.add(new Row("running, whether it follows a LoadShape unknown (a restarted operator): asks runner 0",
                d -> d.running(ctx(l -> { }, readyPods(3), false, 30), poll(running(), progress("RUNNING", 4, 3, 3),
                        List.of(), Map.of(), null, null), NOW, false),
                "AskShape shop-abc123-a at 20.0 s"));
        rows.add(new Row("running a LoadShape whose tick() returned null: stops every runner",
                d -> d.running(ctx(l -> { }, readyPods(3), false, 30), poll(running(), progress("RUNNING", 4, 3, 3),
                        List.of(), Map.of(), true, new ShapeAnswer(new ShapeFollowing.Decision(ShapeFollowing.Action.STOP,
                                null, "The shape returned null."))), NOW, false),
                "StopRunners Stopping Stopping: The shape returned null. recheck=PT0.5S users=10"));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void transition(Row row) {
        Next next = row.decide().apply(new InProgressDecision(new InProgressDecision.Settings(START_TIMEOUT, POLL)));
        assertThat(render(next)).startsWith(row.expected());
    }

    // ---- rendering: one line per outcome

    static String render(Next next) {
        return switch (next) {
            case Done d -> "Done" + (d.quitRunners() ? "+quit " : " ") + render(d.step(), "");
            case StopRunners s -> "StopRunners " + render(s.step(), "users=" + s.step().step().observation().users());
            case KeepRunning k -> "KeepRunning " + render(k.step(), "users=" + k.step().step().observation().users()
                    + " staged=" + (k.staged() == null ? null : k.staged().getUsers()));
            case AskReadiness a -> "AskReadiness " + a.runners().stream().map(r -> r.name()).toList();
            case AskShape a -> "AskShape " + a.runner0().name() + " at " + a.runSeconds() + " s";
            case SendStarts s -> "SendStarts " + s.spec().getUsers() + " users to "
                    + s.runners().stream().map(r -> r.name()).toList() + " in " + s.waves().size() + " wave(s)";
        };
    }

    private static String render(RunRecordedStep step, String more) {
        RunObservation o = step.step().observation();
        StringBuilder s = new StringBuilder(o.phase() + " " + o.reason() + ": " + o.message());
        if (step.step().recheckAfter() != null) {
            s.append(" recheck=").append(step.step().recheckAfter());
        }
        if (!more.isEmpty()) {
            s.append(' ').append(more);
        }
        if (o.phase() == Phase.Running && o.startTime() != null) {
            s.append(" start=").append(o.startTime());
        }
        if (!step.events().isEmpty()) {
            s.append(" events=").append(step.events().stream().map(e -> e.reason() + ": " + e.message())
                    .collect(Collectors.joining("; ", "[", "]")));
        }
        return s.toString();
    }

    // ---- facts

    /** The run of a LoadTest changed by {@code edit}, its Job created {@code jobAgeSeconds} before now. */
    static RunContext ctx(java.util.function.Consumer<LoadTest> edit, List<Pod> pods, boolean stop, int jobAgeSeconds) {
        LoadTest loadTest = Fixtures.loadTest("shop");
        edit.accept(loadTest);
        return RunContext.builder(RUN).runSpec(loadTest.getSpec()).liveSpec(loadTest.getSpec()).token("t")
                .job(new JobBuilder().withNewMetadata().withName("shop-abc123")
                        .withCreationTimestamp(NOW.minusSeconds(jobAgeSeconds).toString()).endMetadata().build())
                .pods(pods).stopRequested(stop).build();
    }

    static Pod pod(int i, boolean ready, boolean failed, String message) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(NAMES.get(i)).endMetadata().withNewStatus()
                .withPhase(failed ? "Failed" : "Running").withPodIP("10.0.0." + (i + 2)).addNewCondition()
                .withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus();
        if (failed) {
            b.editStatus().addNewContainerStatus().withName("runner").withNewState().withNewTerminated()
                    .withExitCode(2).withMessage(message).endTerminated().endState().endContainerStatus().endStatus();
        }
        return b.build();
    }

    static List<Pod> readyPods(int n) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pods.add(pod(i, i < n, false, null));
        }
        return pods;
    }

    static RunnerInfo info(String loadShape) {
        return new RunnerInfo("r", "i", RunnerState.READY, null, CLASSES, List.of(), List.of(), loadShape);
    }

    static RunnerInfo declaring(String option) {
        return new RunnerInfo("r", "i", RunnerState.READY, null, CLASSES, List.of(option), List.of(), null);
    }

    static RunnerInfo hostless() {
        return new RunnerInfo("r", "i", RunnerState.READY, null, CLASSES, List.of(), List.of("ShopUser"), null);
    }

    static RunnerInfo oncePerTest() {
        return new RunnerInfo("r", "i", RunnerState.READY, null, CLASSES, List.of(), List.of(), null, 2, true);
    }

    static RunnerInfo shaped() {
        return new RunnerInfo("r", "i", RunnerState.READY, null, CLASSES, List.of(), List.of(), "StepShape", 2, false);
    }

    static StartReplies replies(RunnerInfo... infos) {
        return StartReplies.none().withReadiness(java.util.Arrays.asList(infos));
    }

    static LoadTestStatus running() {
        return runningSince(20);
    }

    static LoadTestStatus runningSince(int seconds) {
        return LoadTestStatusAggregator.next(null, 1, RunObservation.builder(RUN, Phase.Running, "Running", "running")
                .runners(3, 3, 0).users(10).startTime(NOW.minusSeconds(seconds)).build(), NOW, 10);
    }

    static LoadTestStatus stopping() {
        return stoppingSince(1);
    }

    static LoadTestStatus stoppingSince(int seconds) {
        LoadTestStatus running = LoadTestStatusAggregator.next(null, 1, RunObservation.builder(RUN, Phase.Running,
                "Running", "running").runners(3, 3, 0).users(10).startTime(NOW.minusSeconds(90)).build(), NOW, 10);
        return LoadTestStatusAggregator.next(running, 1, RunObservation.builder(RUN, Phase.Stopping, "Stopping",
                        "Run time of 1m reached; stopping the runners.").runners(3, 3, 0).users(10)
                .stopTime(NOW.minusSeconds(seconds)).build(), NOW, 10);
    }

    /** What runners a, b, c answered (as many as users given): their state and users. */
    static Map<String, RunnerProgress> progress(String state, int... users) {
        Map<String, RunnerProgress> p = new LinkedHashMap<>();
        for (int i = 0; i < users.length; i++) {
            p.put(NAMES.get(i), new RunnerProgress(users[i] == 0 && state.equals("RUNNING") ? "STOPPED"
                    : users[i] > 0 && state.equals("STOPPED") ? "STOPPING" : state, users[i]));
        }
        return p;
    }

    static PollFacts poll(LoadTestStatus status, Map<String, RunnerProgress> progress, List<LostRunner> lost,
                          Map<String, StatsSnapshot> latest, Boolean followsShape, ShapeAnswer shape) {
        return new PollFacts(status, progress, lost, latest, merged(), summary(), List.of(), followsShape, shape);
    }

    static StatsSnapshot quitBy(String by) {
        return new StatsSnapshot(RUN, "r", "i", "RUNNING", 3, Map.of(), 0, List.of(), List.of(), List.of(), by);
    }

    static StatsSnapshot merged() {
        return StatsSnapshot.merge(RUN, List.of());
    }

    static dev.loadtest.api.v1alpha1.RunSummary summary() {
        return Summaries.of(merged(), NOW.toEpochMilli());
    }
}
