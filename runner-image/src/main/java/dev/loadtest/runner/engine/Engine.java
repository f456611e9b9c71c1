package dev.loadtest.runner.engine;

import dev.loadtest.Internal;
import dev.loadtest.OnTestStart;
import dev.loadtest.OnTestStop;
import dev.loadtest.Options;
import dev.loadtest.TestContext;
import dev.loadtest.User;
import dev.loadtest.api.control.ControlProtocol;
import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.control.UserClassInfo;
import dev.loadtest.api.dispatch.UserDispatch;
import dev.loadtest.api.stats.OpenModelStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.runner.loadfile.LoadfileException;
import dev.loadtest.runner.loadfile.LoadfileModel;
import dev.loadtest.runner.loadfile.TagFilter;
import dev.loadtest.runner.loadfile.TaskModel;
import dev.loadtest.runner.loadfile.UserClassModel;
import dev.loadtest.runner.metrics.MetricLabels;
import dev.loadtest.runner.metrics.RunMetrics;
import dev.loadtest.runner.stats.LiveStats;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs users of a loadfile: one virtual thread per user, spawned and stopped in Locust's batches (max(1,
 * floor(rate)) users every batch/rate seconds), re-targeted live when a new start arrives for the same run,
 * and stopped with Locust's stop-timeout rules. The local CLI and the worker's control API both drive it.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Engine.class.getName());
    private static final Duration COLLECT_INTERVAL = Duration.ofSeconds(1);
    private static final long JOIN_GRACE_MILLIS = 10_000;

    private final LoadfileModel loadfile;
    private final String runnerId;
    private final MetricLabels labels;
    private final String incarnation = UUID.randomUUID().toString();
    private final HttpClients http = new HttpClients();
    private final HttpWarmUp warmUp = new HttpWarmUp();
    private final Object lock = new Object();
    private final List<RunningUser> running = new ArrayList<>();

    private volatile RunnerState state = RunnerState.READY;
    private volatile String runId;
    private volatile LiveStats stats;
    /** The current (or last) run's meters; null before the first run. */
    private volatile RunMetrics metrics;
    private volatile long startedAtMillis;
    private volatile Thread stopper;
    private StartCommand current;
    private RunContext context;
    private Map<String, TaskModel> models = Map.of();
    private long generation;
    private RunLimits limits = RunLimits.NONE;
    /** What called {@code quit()} in this run; null until user code does. */
    private volatile String quitBy;
    /** The run's -i budget; null when unlimited. */
    private volatile IterationBudget iterations;
    /** The open model's pacer for the current run; null in the closed model. */
    private volatile OpenModelPacer pacer;

    /** An engine outside any LoadTest: its metrics say {@value MetricLabels#LOCAL}. */
    public Engine(LoadfileModel loadfile, String runnerId) {
        this(loadfile, MetricLabels.local(runnerId));
    }

    /** An engine whose metrics carry {@code labels}; {@code labels.runner()} is its runner id. */
    public Engine(LoadfileModel loadfile, MetricLabels labels) {
        this.loadfile = loadfile;
        this.runnerId = labels.runner();
        this.labels = labels;
        this.stats = new LiveStats(runnerId);
    }

    public LoadfileModel loadfile() {
        return loadfile;
    }

    public RunnerState state() {
        return state;
    }

    public String runId() {
        return runId;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    public RunnerInfo info() {
        return new RunnerInfo(runnerId, incarnation, state, runId, loadfile.userClassInfos(),
                List.copyOf(loadfile.customOptions().keySet()), loadfile.hostlessHttpClasses(),
                loadfile.shape() == null ? null : loadfile.shape().getSimpleName(), ControlProtocol.CURRENT,
                loadfile.onTestStart().stream().anyMatch(Engine::oncePerTest));
    }

    public List<UserClassInfo> userClasses() {
        return loadfile.userClassInfos();
    }

    /**
     * Limits of a local run: {@code iterations} (locust-plugins' {@code -i}) stops the test once this many tasks
     * have started in all (null: no limit); {@code resetStats} (Locust's {@code --reset-stats}) zeroes the request
     * statistics once every user is spawned.
     */
    public record RunLimits(Integer iterations, boolean resetStats) {
        public static final RunLimits NONE = new RunLimits(null, false);
    }

    /** {@link #start(StartCommand, RunLimits)} without limits, as the operator's runners start. */
    public void start(StartCommand command) throws LoadfileException {
        start(command, RunLimits.NONE);
    }

    /**
     * Starts a run, or re-targets the running one when {@code command.runId()} is the current run's. Everything
     * is validated before anything changes: a bad start leaves the engine as it was.
     */
    public void start(StartCommand command, RunLimits limits) throws LoadfileException {
        command = withLoadfileRate(command);
        synchronized (lock) {
            boolean sameRun = command.runId().equals(runId) && state.isActive() && state != RunnerState.STOPPING;
            TagFilter filter = TagFilter.of(command.tags(), command.excludeTags());
            for (String cls : command.userClassCounts().keySet()) {
                if (loadfile.userClasses().stream().noneMatch(u -> u.name().equals(cls))) {
                    throw new LoadfileException("unknown user class '" + cls + "'; the loadfile has: "
                            + String.join(", ", loadfile.userClasses().stream().map(UserClassModel::name).toList()));
                }
            }
            Map<String, TaskModel> newModels = loadfile.taskModels(filter, command.userClassCounts());
            if (sameRun && command.openModel() != (pacer != null)) {
                throw new LoadfileException("run " + runId + " runs the " + (pacer != null ? "open" : "closed")
                        + " model; a running test cannot switch to the other (give every stage an arrival rate, or none)");
            }
            if (sameRun) {
                if (pacer != null) {
                    pacer.schedule().setRate(command.arrivalRate(), System.nanoTime());
                }
                current = command;
                models = newModels;
                startSpawner(command);
                return;
            }
            if (state.isActive()) {
                throw new IllegalStateException("run " + runId + " is still " + state + "; stop it first");
            }
            Map<String, String> options = loadfile.resolveOptions(command.options(), "options");
            checkHosts(command);
            RunMetrics previous = metrics;
            metrics = new RunMetrics(labels, command.runId(), this::userCount);
            if (previous != null) {
                previous.close();
            }
            stats = new LiveStats(runnerId, LiveStats.DEFAULT_MAX_NAMES, metrics);
            pacer = null;
            HttpClient client = http.get(command.httpVersion(), command.insecure());
            // before the run's clock and its users: the first requests then time the target, not our start-up
            warmUp.warm(client, transports(command), hosts(command));
            quitBy = null;
            context = new RunContext(command.runId(), command.host(), new Options(options), client, stats,
                    new CopyOnWriteArrayList<>(), command.runnerIndex(), command.runnerCount(), this::quit);
            runTestHooks(loadfile.onTestStart(), "@OnTestStart", true);
            this.limits = limits;
            iterations = limits.iterations() == null ? null : new IterationBudget(limits.iterations());
            runId = command.runId();
            current = command;
            models = newModels;
            startedAtMillis = System.currentTimeMillis();
            if (command.openModel()) {
                OpenModelPacer p = new OpenModelPacer(new ArrivalSchedule(command.arrivalRate(), System.nanoTime()),
                        this::needUser);
                metrics.openModel(() -> p.schedule().iterations(), () -> p.schedule().dropped(System.nanoTime()),
                        () -> p.schedule().rate());
                pacer = p;
            }
            state = RunnerState.SPAWNING;
            startCollector(command.runId());
            if (command.runTimeSeconds() != null) {
                startDeadline(command.runId(), command.runTimeSeconds());
            }
            startSpawner(command);
        }
    }

    /**
     * A start without an arrival rate takes the loadfile's {@code @ArrivalRate}, if any: this runner's share of it,
     * 1/N on each of N runners.
     */
    private StartCommand withLoadfileRate(StartCommand command) throws LoadfileException {
        Double rate = command.openModel() ? null : loadfile.arrivalRate();
        return rate == null ? command : command.withArrivalRate(rate / command.runnerCount());
    }

    /** The warm-up before each run's clock (for tests: which paths a run asked it to warm). */
    HttpWarmUp warmUp() {
        return warmUp;
    }

    /** The HTTP paths the run's users will send through: those of its user classes that it starts. */
    private Set<HttpWarmUp.Transport> transports(StartCommand command) {
        return HttpWarmUp.Transport.usedBy(loadfile.userClasses().stream()
                .filter(u -> command.userClassCounts().getOrDefault(u.name(), 0) > 0)
                .map(UserClassModel::type).toList());
    }

    /** The hosts the run's users will talk to: the run's, or else their classes' own @Host. */
    private List<String> hosts(StartCommand command) {
        if (command.host() != null && !command.host().isBlank()) {
            return List.of(command.host());
        }
        return loadfile.userClasses().stream().map(UserClassModel::host).filter(h -> h != null).toList();
    }

    private void checkHosts(StartCommand command) throws LoadfileException {
        if (command.host() != null && !command.host().isBlank()) {
            return;
        }
        for (UserClassModel u : loadfile.userClasses()) {
            if (u.isHttp() && u.host() == null && command.userClassCounts().getOrDefault(u.name(), 0) > 0) {
                throw new LoadfileException("You must specify the base host: " + u.name() + " has no @Host, so pass "
                        + "-H/--host (spec.host in a manifest), e.g. -H http://localhost:8080");
            }
        }
    }

    /** Stops every user (honouring the stop timeout), runs the test-stop hooks, then the state is STOPPED. */
    public void stop() {
        synchronized (lock) {
            if (!state.isActive() || stopper != null) {
                return;
            }
            generation++;
            state = RunnerState.STOPPING;
            OpenModelPacer p = pacer;
            if (p != null) {
                p.schedule().close(System.nanoTime()); // what was due and has not started never will: dropped
            }
            double timeout = current == null ? 0 : current.stopTimeoutSeconds();
            // no user starts another task once stop() has returned, however late the stopper thread gets to run
            // on a busy machine: asking is a flag and an interrupt of those waiting, the stopper does the rest
            running.forEach(RunningUser::requestStop);
            stopper = Thread.ofVirtual().name("stopper").start(() -> stopAll(timeout));
        }
    }

    /**
     * User code's {@code quit()}: stops the run as {@link #stop()} does, and remembers who asked, so that a
     * coordinator polling {@link #snapshot()} ends the other runners' part of the run too.
     */
    private void quit() {
        String caller = StackWalker.getInstance().walk(frames -> frames.filter(f -> isUserCode(f.getClassName()))
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName())
                .findFirst().orElse("user code"));
        LOG.info("quit() called by " + caller + ": stopping the test");
        if (quitBy == null) {
            quitBy = caller;
        }
        stop();
    }

    /** Not the runner, its loadfile API (package {@code dev.loadtest} itself) or the JDK: the loadfile's code. */
    private static boolean isUserCode(String className) {
        if (className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("dev.loadtest.runner.")) {
            return false;
        }
        return !(className.startsWith("dev.loadtest.") && className.indexOf('.', "dev.loadtest.".length()) < 0);
    }

    /** What called {@code quit()} in the current run; null when nothing did. */
    public String quitBy() {
        return quitBy;
    }

    /** Waits until the run is stopped; true if it is. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state.isActive()) {
            Thread t = stopper;
            if (t != null) {
                t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } else {
                Thread.sleep(20);
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        return !state.isActive();
    }

    private void stopAll(double stopTimeoutSeconds) {
        List<RunningUser> users;
        synchronized (lock) {
            users = new ArrayList<>(running);
        }
        stopUsers(users, stopTimeoutSeconds);
        joinAll(users, JOIN_GRACE_MILLIS);
        try {
            runTestHooks(loadfile.onTestStop(), "@OnTestStop", false);
        } catch (LoadfileException e) {
            LOG.warning(e.getMessage());
        }
        stats.fold();
        synchronized (lock) {
            state = RunnerState.STOPPED;
            stopper = null;
        }
    }

    private static void stopUsers(List<RunningUser> users, double stopTimeoutSeconds) {
        if (stopTimeoutSeconds <= 0) {
            users.forEach(RunningUser::kill);
            return;
        }
        users.forEach(RunningUser::requestStop);
        joinAll(users, (long) (stopTimeoutSeconds * 1000));
        users.stream().filter(RunningUser::isAlive).forEach(RunningUser::kill);
    }

    private static void joinAll(List<RunningUser> users, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        for (RunningUser u : users) {
            try {
                u.join(deadline - System.currentTimeMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Clears the current run's statistics, failures and exceptions; the users keep running. */
    public void resetStats() {
        stats.reset();
    }

    /** Current statistics (cumulative for the run), with state and user counts. */
    public StatsSnapshot snapshot() {
        LiveStats.Collected c = stats.collect();
        OpenModelPacer p = pacer;
        OpenModelStats open = p == null ? null : new OpenModelStats(p.schedule().rate(), p.schedule().iterations(),
                p.schedule().dropped(System.nanoTime()), c.corrected());
        return new StatsSnapshot(runId, runnerId, incarnation, state.name(), userCount(), userClassCounts(),
                c.epochMillis(), c.entries(), c.failures(), c.exceptions(), quitBy, open);
    }

    /**
     * The current run's metrics in Prometheus text format; after a run they stay as they ended until the next
     * run starts, so that a last scrape sees the final counts. Empty before the first run.
     */
    public String metricsText() {
        RunMetrics m = metrics;
        return m == null ? "" : m.scrape();
    }

    public int userCount() {
        synchronized (lock) {
            return running.size();
        }
    }

    public Map<String, Integer> userClassCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        loadfile.userClasses().forEach(u -> counts.put(u.name(), 0));
        synchronized (lock) {
            running.forEach(u -> counts.merge(u.className(), 1, Integer::sum));
        }
        return counts;
    }

    private void startSpawner(StartCommand command) {
        if (command.openModel()) {
            openModelStep(command);
            return;
        }
        long myGeneration = ++generation;
        Thread.ofVirtual().name("spawner").start(() -> spawnLoop(myGeneration, command));
    }

    private void spawnLoop(long myGeneration, StartCommand command) {
        double rate = command.spawnRate();
        int batch = rate <= 0 ? Integer.MAX_VALUE : Math.max(1, (int) Math.floor(rate));
        long batchNanos = rate <= 0 ? 0 : (long) (batch / rate * 1e9);
        while (true) {
            long began = System.nanoTime();
            synchronized (lock) {
                if (myGeneration != generation || !state.isActive() || state == RunnerState.STOPPING) {
                    return;
                }
                if (step(command, batch)) {
                    if (state == RunnerState.SPAWNING && limits.resetStats()) {
                        LOG.info("Resetting stats");
                        stats.resetRequests();
                    }
                    state = RunnerState.RUNNING;
                    return;
                }
                state = RunnerState.SPAWNING;
            }
            long sleep = batchNanos - (System.nanoTime() - began);
            if (sleep > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(sleep));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * The open model's (re-)start: users are only a ceiling, started one ahead of need by the pacer; here, users over
     * a lowered ceiling are retired and the first user is started. Called with the lock held.
     */
    private void openModelStep(StartCommand command) {
        ++generation;
        Map<String, Integer> now = new HashMap<>();
        running.forEach(u -> now.merge(u.className(), 1, Integer::sum));
        rampDown(command, Integer.MAX_VALUE, now);
        if (running.isEmpty()) {
            spawnUnderCeiling();
        }
        state = RunnerState.RUNNING;
    }

    /** The pacer's call when no idle user is left: one more user, if the ceiling allows. */
    private void needUser() {
        synchronized (lock) {
            if (state == RunnerState.SPAWNING || state == RunnerState.RUNNING) {
                spawnUnderCeiling();
            }
        }
    }

    /** Starts a user of the class furthest below its share of the ceiling; none at the ceiling. With the lock held. */
    private void spawnUnderCeiling() {
        IterationBudget budget = iterations;
        if (current == null || (budget != null && budget.exhausted())) {
            return;
        }
        Map<String, Integer> now = new HashMap<>();
        running.forEach(u -> now.merge(u.className(), 1, Integer::sum));
        String pick = null;
        double room = 0;
        for (Map.Entry<String, Integer> e : new TreeMap<>(current.userClassCounts()).entrySet()) {
            int ceiling = e.getValue();
            int have = now.getOrDefault(e.getKey(), 0);
            double free = ceiling <= 0 ? 0 : (double) (ceiling - have) / ceiling;
            if (free > room) {
                room = free;
                pick = e.getKey();
            }
        }
        if (pick != null) {
            spawn(pick);
        }
    }

    /** Starts or stops up to {@code batch} users towards the target; true when the target is reached. */
    private boolean step(StartCommand command, int batch) {
        Map<String, Integer> target = command.userClassCounts();
        Map<String, Integer> now = new HashMap<>();
        running.forEach(u -> now.merge(u.className(), 1, Integer::sum));
        int done = rampDown(command, batch, now);
        return rampUp(command, batch, done, now);
    }

    /** Retires up to {@code batch} users over their class's target, newest first; {@code now} is kept up to date. */
    private int rampDown(StartCommand command, int batch, Map<String, Integer> now) {
        Map<String, Integer> target = command.userClassCounts();
        int done = 0;
        // newest users first (Locust removes the most recently dispatched users)
        for (int i = running.size() - 1; i >= 0 && done < batch; i--) {
            RunningUser u = running.get(i);
            int have = now.getOrDefault(u.className(), 0);
            if (have > target.getOrDefault(u.className(), 0)) {
                now.put(u.className(), have - 1);
                running.remove(i);
                retire(u, command.stopTimeoutSeconds());
                done++;
            }
        }
        return done;
    }

    private boolean rampUp(StartCommand command, int batch, int done, Map<String, Integer> now) {
        Map<String, Integer> target = command.userClassCounts();
        Map<String, Integer> missing = new LinkedHashMap<>();
        target.forEach((cls, n) -> {
            int need = n - now.getOrDefault(cls, 0);
            if (need > 0) {
                missing.put(cls, need);
            }
        });
        int toStart = Math.min(batch - done, missing.values().stream().mapToInt(Integer::intValue).sum());
        if (toStart > 0) {
            List<UserClassInfo> weights = missing.entrySet().stream()
                    .map(e -> new UserClassInfo(e.getKey(), e.getValue(), 0)).toList();
            for (String cls : UserDispatch.sequence(weights, toStart)) {
                spawn(cls);
                done++;
            }
        }
        Map<String, Integer> after = new HashMap<>();
        running.forEach(u -> after.merge(u.className(), 1, Integer::sum));
        return target.entrySet().stream().allMatch(e -> after.getOrDefault(e.getKey(), 0).equals(e.getValue()))
                && after.keySet().stream().allMatch(target::containsKey);
    }

    private void retire(RunningUser user, double stopTimeoutSeconds) {
        if (stopTimeoutSeconds <= 0) {
            user.kill();
            return;
        }
        user.requestStop();
        Thread.ofVirtual().start(() -> {
            try {
                if (!user.join((long) (stopTimeoutSeconds * 1000))) {
                    user.kill();
                }
            } catch (InterruptedException e) {
                user.kill();
            }
        });
    }

    private void spawn(String className) {
        UserClassModel cls = loadfile.userClasses().stream().filter(u -> u.name().equals(className)).findFirst()
                .orElseThrow();
        User user;
        try {
            var constructor = cls.type().getDeclaredConstructor();
            constructor.setAccessible(true);
            user = constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            stats.recordException(e instanceof InvocationTargetException ite ? ite.getCause() : e);
            return;
        }
        IterationBudget budget = iterations;
        if (budget != null && budget.exhausted()) {
            return; // the -i limit is reached: the test is ending, nobody new starts
        }
        RunContext ctx = context.host() == null && cls.host() != null ? context.withHost(cls.host()) : context;
        Internal.attach(user, ctx);
        RunningUser[] self = new RunningUser[1];
        OpenModelPacer open = pacer;
        self[0] = new RunningUser(className, user, models.get(className), stats, budget, () -> {
            boolean last;
            synchronized (lock) {
                running.remove(self[0]);
                last = running.isEmpty();
            }
            // in the open model idle users never reach a task, so the first to find the budget spent ends the test
            if ((last || open != null) && budget != null && budget.exhausted()) {
                LOG.info("Iteration limit reached and the last user stopped: stopping the test");
                stop();
            }
        }, open);
        running.add(self[0]);
        self[0].start();
        metrics.userSpawned();
    }

    private void startCollector(String forRun) {
        Thread.ofVirtual().name("collector").start(() -> {
            while (forRun.equals(runId) && state.isActive()) {
                try {
                    Thread.sleep(COLLECT_INTERVAL);
                } catch (InterruptedException e) {
                    return;
                }
                stats.fold();
            }
        });
    }

    private void startDeadline(String forRun, double seconds) {
        Thread.ofVirtual().name("run-time").start(() -> {
            try {
                Thread.sleep(Duration.ofNanos((long) (seconds * 1e9)));
            } catch (InterruptedException e) {
                return;
            }
            if (forRun.equals(runId)) {
                LOG.info("--run-time limit reached, stopping test");
                stop();
            }
        });
    }

    private void runTestHooks(List<Method> hooks, String what, boolean failFast) throws LoadfileException {
        TestContext ctx = context;
        for (Method m : hooks) {
            if (oncePerTest(m) && ctx.runnerIndex() != 0) {
                continue; // once per test: runner 0 runs it
            }
            try {
                if (m.getParameterCount() == 1) {
                    m.invoke(null, ctx);
                } else {
                    m.invoke(null);
                }
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                stats.recordException(cause);
                String message = what + " " + m.getDeclaringClass().getSimpleName() + "." + m.getName() + " failed: "
                        + cause;
                if (failFast) {
                    throw new LoadfileException(message, cause);
                }
                LOG.log(Level.WARNING, message, cause);
            } catch (IllegalAccessException e) {
                throw new LoadfileException(what + " " + m.getName() + " is not accessible: " + e.getMessage(), e);
            }
        }
    }

    private static boolean oncePerTest(Method hook) {
        OnTestStart start = hook.getAnnotation(OnTestStart.class);
        OnTestStop stop = hook.getAnnotation(OnTestStop.class);
        return (start != null && start.oncePerTest()) || (stop != null && stop.oncePerTest());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        awaitStopped(Duration.ofSeconds(30));
        http.close();
    }
}
