package dev.loadtest.runner.web;

import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.dispatch.UserDispatch;
import dev.loadtest.api.report.Thresholds;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.Threshold;
import dev.loadtest.api.v1alpha1.ThresholdResult;
import dev.loadtest.runner.cli.LocalRun;
import dev.loadtest.runner.engine.Engine;
import dev.loadtest.runner.loadfile.LoadfileException;
import dev.loadtest.runner.loadfile.TagFilter;
import dev.loadtest.runner.metrics.MetricsEndpoint;
import dev.loadtest.api.report.ConsoleReport;
import dev.loadtest.api.report.CsvDownloads;
import dev.loadtest.api.report.CsvReport;
import dev.loadtest.api.report.HtmlReport;
import dev.loadtest.api.report.ReportInfo;
import dev.loadtest.api.report.RunHistory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A local run steered from the browser, as {@code locust} without {@code --headless}: the engine waits for a
 * start from the page (or {@code --autostart}), the page can re-target users and spawn rate live, stop, reset
 * the statistics and start again; the process ends on Ctrl-C or {@code --autoquit}. Every second the run's
 * figures feed the charts' history and, with {@code --csv}, the same CSV writer as a headless run.
 */
public final class WebRun {

    private static final Duration TICK = Duration.ofSeconds(1);

    private final LocalRun.Settings settings;
    private final WebUiOptions web;
    private final PrintStream out;
    private final Integer metricsPort;
    private final Object lock = new Object();
    private final CountDownLatch quit = new CountDownLatch(1);

    private Engine engine;
    private int tests;
    private String runId;
    private SwarmForm test;
    private RunHistory history = new RunHistory();
    private CsvReport csv;
    private StringBuilder historyCsv = new StringBuilder(CsvDownloads.historyHeader());
    private long startMillis;
    private long endMillis;
    /** True when no test runs and the last one's final figures have been recorded. */
    private boolean finished = true;
    private Thread autoquitter;

    public WebRun(LocalRun.Settings settings, WebUiOptions web, PrintStream out, Integer metricsPort) {
        this.settings = settings;
        this.web = web;
        this.out = out;
        this.metricsPort = metricsPort;
    }

    /** Serves the UI until Ctrl-C or autoquit; returns the exit code of the last test (0 when none ran). */
    public int run() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        try (Engine e = new Engine(settings.loadfile(), "local");
             MetricsEndpoint metrics = metricsPort == null ? null
                     : MetricsEndpoint.start("127.0.0.1", metricsPort, e::metricsText);
             WebServer server = WebServer.start(this, web.webHost, web.webPort)) {
            engine = e;
            if (metrics != null) {
                out.printf("Prometheus metrics at http://127.0.0.1:%d/metrics%n", metrics.port());
            }
            out.printf("Starting web interface at %s (press Ctrl-C to quit)%n", server.url());
            Thread hook = new Thread(() -> {
                quit.countDown();
                try {
                    reported.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            Thread ticker = Thread.ofVirtual().name("web-ticker").start(this::tickEverySecond);
            boolean autostartFailed = false;
            if (web.autostart) {
                Map<String, Object> reply = swarm(new SwarmForm(settings.users(), settings.spawnRate(), null,
                        settings.runTimeSeconds()));
                if (!Boolean.TRUE.equals(reply.get("success"))) {
                    out.println("error: " + reply.get("message"));
                    autostartFailed = true;
                    quit.countDown();
                }
            }
            quit.await();
            engine.stop();
            engine.awaitStopped(Duration.ofSeconds(60));
            ticker.interrupt();
            tick();
            int code = autostartFailed ? 1 : finish();
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook is running and has been released above
            }
            return code;
        }
    }

    /** Ends the process's UI session: the summary, --html, and Locust's exit code for the last test. */
    private int finish() throws Exception {
        synchronized (lock) {
            if (test == null) {
                out.println("No test was started.");
                return 0;
            }
            StatsSnapshot last = engine.snapshot();
            out.println(ConsoleReport.summary(last, startMillis));
            if (settings.htmlFile() != null) {
                Path html = HtmlReport.write(settings.htmlFile(), last, history, reportInfo());
                out.println("HTML report written to " + html);
            }
            return exitCode(last);
        }
    }

    private int exitCode(StatsSnapshot last) {
        List<ThresholdResult> results = thresholdResults(last);
        if (!results.isEmpty()) {
            boolean met = Thresholds.allMet(results);
            results.forEach(r -> out.printf("  %s %s%n", Boolean.TRUE.equals(r.getMet()) ? "PASS" : "FAIL",
                    r.getMessage()));
            out.println(met ? "Result: PASSED (every threshold met)" : "Result: FAILED (thresholds not met)");
            return met ? 0 : LocalRun.EXIT_THRESHOLDS_FAILED;
        }
        boolean errors = last.total().numFailures() > 0 || last.totalExceptions() > 0;
        return errors ? settings.exitCodeOnError() : 0;
    }

    private List<ThresholdResult> thresholdResults(StatsSnapshot s) {
        List<Threshold> thresholds = settings.thresholds();
        if (thresholds == null || thresholds.isEmpty()) {
            return List.of();
        }
        return Thresholds.evaluate(thresholds, StatsSnapshot.merge(s.runId(), List.of(s)));
    }

    private void tickEverySecond() {
        while (quit.getCount() > 0) {
            try {
                Thread.sleep(TICK);
            } catch (InterruptedException e) {
                return;
            }
            tick();
        }
    }

    /** Records one point of the running test; the first tick after it stopped records its final figures. */
    void tick() {
        synchronized (lock) {
            if (finished) {
                return;
            }
            long now = System.currentTimeMillis();
            StatsSnapshot s = engine.snapshot();
            boolean active = RunnerState.valueOf(s.state()).isActive();
            history.add(s, s.userCount(), now);
            historyCsv.append(CsvDownloads.historyRow(s, s.userCount(), now));
            if (csv != null) {
                csv.write(s, s.userCount(), now);
            }
            if (!active) {
                finished = true;
                endMillis = now;
                if (csv != null) {
                    csv.close();
                }
                scheduleAutoquit();
            }
        }
    }

    private void scheduleAutoquit() {
        if (web.autoquitSeconds < 0) {
            return;
        }
        autoquitter = Thread.ofVirtual().name("autoquit").start(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(web.autoquitSeconds));
                out.printf("--autoquit time reached (%d s after the test ended), quitting%n", web.autoquitSeconds);
                quit.countDown();
            } catch (InterruptedException cancelled) {
                // a new test started
            }
        });
    }

    /**
     * {@code POST /swarm}: starts a test, or re-targets users and spawn rate of the running one (host and run
     * time apply to new tests only, as in Locust).
     */
    Map<String, Object> swarm(SwarmForm form) {
        synchronized (lock) {
            String host = form.host() != null ? form.host() : settings.host();
            Map<String, Integer> counts = UserDispatch.counts(settings.loadfile().userClassInfos(), form.users());
            RunnerState state = engine.state();
            try {
                if (state == RunnerState.STOPPING) {
                    return LocustApi.swarmReply(false, "The test is still stopping; start again in a moment", host,
                            null);
                }
                if (state.isActive()) {
                    engine.start(command(runId, test.host(), counts, form.spawnRate(), test.runTimeSeconds()));
                    test = new SwarmForm(form.users(), form.spawnRate(), test.host(), test.runTimeSeconds());
                    return LocustApi.swarmReply(true, "Swarming started", test.host(), null);
                }
                String nextRunId = tests == 0 ? "local" : "local-" + (tests + 1);
                engine.start(command(nextRunId, host, counts, form.spawnRate(), form.runTimeSeconds()));
                tests++;
                runId = nextRunId;
                test = new SwarmForm(form.users(), form.spawnRate(), host, form.runTimeSeconds());
                startMillis = engine.startedAtMillis();
                endMillis = 0;
                history = new RunHistory();
                historyCsv = new StringBuilder(CsvDownloads.historyHeader());
                csv = settings.csvPrefix() == null ? null : new CsvReport(settings.csvPrefix());
                finished = false;
                if (autoquitter != null) {
                    autoquitter.interrupt();
                }
                out.printf("Ramping to %d users at a rate of %.2f per second%n", form.users(), form.spawnRate());
                return LocustApi.swarmReply(true, "Swarming started", host, form.runTimeSeconds());
            } catch (LoadfileException | IllegalArgumentException | IllegalStateException e) {
                return LocustApi.swarmReply(false, e.getMessage(), host, null);
            }
        }
    }

    private StartCommand command(String id, String host, Map<String, Integer> counts, double rate, Double runTime) {
        return new StartCommand(id, host, counts, rate, settings.tags(), settings.excludeTags(), settings.options(),
                runTime, settings.stopTimeoutSeconds(), settings.httpVersion(), settings.insecure());
    }

    /**
     * Records the final figures now if the test has stopped since the last tick, so that a download right after
     * the stop already holds what {@code --csv} will hold.
     */
    void settle() {
        if (!engine.state().isActive()) {
            tick();
        }
    }

    /** {@code GET /stop}. */
    void stop() {
        engine.stop();
    }

    /** {@code GET /stats/reset}: statistics, failures and exceptions start again; the charts keep their past. */
    void resetStats() {
        engine.resetStats();
    }

    StatsSnapshot snapshot() {
        return engine.snapshot();
    }

    /** {@code GET /stats/requests}. */
    Map<String, Object> statsRequests() {
        StatsSnapshot s = engine.snapshot();
        List<RunHistory.Point> points;
        synchronized (lock) {
            points = history.points();
        }
        RunHistory.Point lastPoint = points.isEmpty() ? null : points.getLast();
        return LocustApi.statsRequests(s, LocustApi.state(s.state()), s.userCount(),
                lastPoint == null ? 0 : lastPoint.p50Ms(), lastPoint == null ? 0 : lastPoint.p95Ms());
    }

    /** The charts' points (one a second, thinned on long runs): our extension, so a reload keeps the charts. */
    List<RunHistory.Point> historyPoints() {
        synchronized (lock) {
            return history.points();
        }
    }

    /** {@code PREFIX_stats_history.csv} of the current (or last) test, as {@code --csv} writes it. */
    String historyCsv() {
        synchronized (lock) {
            return historyCsv.toString();
        }
    }

    /** {@code GET /tasks}: ratios of the running users, or of the users the form would start. */
    Map<String, Object> tasks() throws LoadfileException {
        Map<String, Integer> counts = engine.state().isActive() ? engine.userClassCounts()
                : UserDispatch.counts(settings.loadfile().userClassInfos(),
                test != null ? test.users() : Math.max(1, settings.users()));
        if (counts.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            counts = UserDispatch.counts(settings.loadfile().userClassInfos(), Math.max(1, settings.users()));
        }
        TagFilter filter = TagFilter.of(settings.tags(), settings.excludeTags());
        return TaskRatios.of(counts, settings.loadfile().taskModels(filter, Map.of()));
    }

    /** The thresholds judged on the statistics so far; empty when the run has none. */
    Map<String, Object> thresholds() {
        Map<String, Object> body = new LinkedHashMap<>();
        List<ThresholdResult> results = test == null ? List.of() : thresholdResults(engine.snapshot());
        body.put("thresholds", results);
        body.put("configured", settings.thresholds() == null ? 0 : settings.thresholds().size());
        body.put("all_met", results.isEmpty() ? null : Thresholds.allMet(results));
        return body;
    }

    /** The HTML report of the current (or last) test, rendered by the same code as {@code --html}. */
    String reportHtml() {
        synchronized (lock) {
            return HtmlReport.render(engine.snapshot(), history, reportInfo());
        }
    }

    private ReportInfo reportInfo() {
        long end = endMillis > 0 ? endMillis : System.currentTimeMillis();
        long start = test == null ? end : startMillis;
        int users = test == null ? settings.users() : test.users();
        double rate = test == null ? settings.spawnRate() : test.spawnRate();
        Double runTime = test == null ? settings.runTimeSeconds() : test.runTimeSeconds();
        return new ReportInfo(test == null ? settings.host() : test.host(), settings.loadfile().description(), start,
                end, users, rate, runTime != null ? Math.round(runTime) : (end - start) / 1000);
    }

    /** What the page shows before its first poll: the form's defaults and what this run is. */
    Map<String, Object> pageSettings() {
        Map<String, Object> s = new LinkedHashMap<>();
        synchronized (lock) {
            SwarmForm shown = test != null ? test
                    : new SwarmForm(settings.users(), settings.spawnRate(), settings.host(), settings.runTimeSeconds());
            s.put("loadfile", settings.loadfile().description());
            s.put("host", shown.host() == null ? "" : shown.host());
            s.put("user_count", shown.users());
            s.put("spawn_rate", shown.spawnRate());
            s.put("run_time", shown.runTimeSeconds() == null ? "" : Math.round(shown.runTimeSeconds()) + "s");
            s.put("user_classes", settings.loadfile().userClassInfos().stream().map(u -> u.name()).toList());
            s.put("thresholds", settings.thresholds() == null ? 0 : settings.thresholds().size());
            s.put("csv_prefix", settings.csvPrefix());
        }
        return s;
    }
}
