package dev.loadtest.runner.cli;

import dev.loadtest.api.HttpVersion;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.dispatch.UserDispatch;
import dev.loadtest.api.report.Thresholds;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.Stage;
import dev.loadtest.api.v1alpha1.Threshold;
import dev.loadtest.api.v1alpha1.ThresholdResult;
import dev.loadtest.LoadShape;
import dev.loadtest.runner.engine.Engine;
import dev.loadtest.runner.engine.ShapeFollower;
import dev.loadtest.runner.loadfile.LoadfileException;
import dev.loadtest.runner.loadfile.LoadfileModel;
import dev.loadtest.runner.metrics.MetricsEndpoint;
import dev.loadtest.api.report.ConsoleReport;
import dev.loadtest.api.report.CsvReport;
import dev.loadtest.api.report.HtmlReport;
import dev.loadtest.api.report.JsonReport;
import dev.loadtest.api.report.ReportInfo;
import dev.loadtest.api.report.RunHistory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.DoubleSupplier;

/**
 * A whole test in this process, as {@code locust --headless} runs it: start, print the table every 2 s,
 * write CSV every second, stop at the run time (or on Ctrl-C / SIGTERM), print the summary, write the
 * HTML report, and compute Locust's exit code (or the thresholds' verdict when there are thresholds).
 */
public final class LocalRun {

    /** Exit code when thresholds are not met (locust-plugins' code for a failed check). */
    public static final int EXIT_THRESHOLDS_FAILED = 3;

    /** Everything a local run needs; {@code httpVersion} is HttpUser's transport, {@code insecure} both transports'. */
    public record Settings(LoadfileModel loadfile, int users, double spawnRate, String host, List<String> tags,
                           List<String> excludeTags, Map<String, String> options, Double runTimeSeconds,
                           double stopTimeoutSeconds, String csvPrefix, String htmlFile, int exitCodeOnError,
                           List<Threshold> thresholds, HttpVersion httpVersion, boolean insecure,
                           List<Stage> stages) {

        /** Settings without stages: users and spawn rate are fixed (or a LoadShape sets them). */
        public Settings(LoadfileModel loadfile, int users, double spawnRate, String host, List<String> tags,
                        List<String> excludeTags, Map<String, String> options, Double runTimeSeconds,
                        double stopTimeoutSeconds, String csvPrefix, String htmlFile, int exitCodeOnError,
                        List<Threshold> thresholds, HttpVersion httpVersion, boolean insecure) {
            this(loadfile, users, spawnRate, host, tags, excludeTags, options, runTimeSeconds, stopTimeoutSeconds,
                    csvPrefix, htmlFile, exitCodeOnError, thresholds, httpVersion, insecure, null);
        }
    }

    /**
     * Locust's output and stopping flags: {@code --csv-full-history}, {@code --only-summary}, {@code --json}
     * (final statistics as JSON on stdout, instead of the tables), {@code --reset-stats} (statistics start
     * again once every user is spawned) and {@code -i/--iterations} (stop after this many tasks in all).
     */
    public record Flags(boolean csvFullHistory, boolean onlySummary, boolean json, boolean resetStats,
                        Integer iterations) {
        public static final Flags NONE = new Flags(false, false, false, false, null);
    }

    private final Settings settings;
    private final PrintStream out;
    private final Integer metricsPort;
    private final Flags flags;

    public LocalRun(Settings settings, PrintStream out) {
        this(settings, out, null);
    }

    /** @param metricsPort serve {@code /metrics} on 127.0.0.1 at this port during the run; null for none */
    public LocalRun(Settings settings, PrintStream out, Integer metricsPort) {
        this(settings, out, metricsPort, Flags.NONE);
    }

    public LocalRun(Settings settings, PrintStream out, Integer metricsPort, Flags flags) {
        this.settings = settings;
        this.out = out;
        this.metricsPort = metricsPort;
        this.flags = flags;
    }

    /** Runs the test and returns the process exit code. */
    public int run() throws LoadfileException, InterruptedException, IOException {
        // --json keeps stdout for the JSON alone, as Locust's does
        PrintStream out = flags.json() ? System.err : this.out;
        Map<String, Integer> counts = UserDispatch.counts(settings.loadfile().userClassInfos(), settings.users());
        LoadShape shape = settings.loadfile().newShape();
        int fixedTotal = settings.loadfile().userClasses().stream().mapToInt(u -> u.fixedCount()).sum();
        if (fixedTotal > settings.users() && shape == null && settings.stages() == null) {
            out.printf("Total fixed_count of User classes (%d) is greater than the specified number of users (%d), "
                    + "so not all will be spawned.%n", fixedTotal, settings.users());
        }
        Double runTimeSeconds = settings.runTimeSeconds();
        if (shape != null && settings.stages() != null) {
            out.printf("note: the loadfile's LoadShape (%s) is followed; spec.stages is ignored%n",
                    shape.getClass().getSimpleName());
        }
        if (shape != null) {
            // as Locust does: the shape decides users, rate and the end
            out.printf("note: the loadfile has a LoadShape (%s): -u/--users, -r/--spawn-rate and -t/--run-time "
                    + "(a manifest's spec.users, spec.spawnRate and spec.runTime) are ignored; the shape sets users and spawn rate each second and stops the test%n",
                    shape.getClass().getSimpleName());
            runTimeSeconds = null;
        }
        StartCommand start = new StartCommand("local", settings.host(), counts, settings.spawnRate(), settings.tags(),
                settings.excludeTags(), settings.options(), runTimeSeconds, settings.stopTimeoutSeconds(),
                settings.httpVersion(), settings.insecure());
        RunHistory history = new RunHistory();
        CsvReport csv = settings.csvPrefix() == null ? null : new CsvReport(settings.csvPrefix(), flags.csvFullHistory());
        CountDownLatch reported = new CountDownLatch(1);
        try (Engine engine = new Engine(settings.loadfile(), "local");
             MetricsEndpoint metrics = metricsPort == null ? null
                     : MetricsEndpoint.start("127.0.0.1", metricsPort, engine::metricsText)) {
            if (metrics != null) {
                out.printf("Prometheus metrics at http://127.0.0.1:%d/metrics%n", metrics.port());
            }
            Thread hook = new Thread(() -> {
                engine.stop();
                try {
                    reported.await(Duration.ofSeconds(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            Engine.RunLimits limits = new Engine.RunLimits(flags.iterations(), flags.resetStats());
            ShapeFollower follower = null;
            if (shape != null || settings.stages() != null) {
                long shapeStart = System.nanoTime();
                DoubleSupplier shapeTime = () -> (System.nanoTime() - shapeStart) / 1e9;
                follower = new ShapeFollower(engine, start, shape != null ? ShapeFollower.of(shape, shapeTime, engine)
                        : ShapeFollower.of(settings.stages(), settings.spawnRate()), shapeTime);
                if (!follower.start(limits)) {
                    out.println("The load shape stopped the test before it started (its first tick() returned null)");
                    reported.countDown();
                    Runtime.getRuntime().removeShutdownHook(hook);
                    return 0;
                }
                out.printf("Shape test starting: %d users at a rate of %.2f per second%n", follower.current().users(),
                        follower.current().spawnRate());
            } else {
                out.printf("Ramping to %d users at a rate of %.2f per second%n", settings.users(), settings.spawnRate());
                engine.start(start, limits);
            }
            long startMillis = engine.startedAtMillis();
            boolean announced = false;
            String abortMessage = null;
            long tick = 0;
            while (engine.state().isActive()) {
                Thread.sleep(1000);
                tick++;
                if (follower != null && engine.state().isActive()) {
                    follower.tick();
                }
                long now = System.currentTimeMillis();
                StatsSnapshot s = engine.snapshot();
                history.add(s, s.userCount(), now);
                if (csv != null) {
                    csv.write(s, s.userCount(), now);
                }
                if (abortMessage == null) {
                    abortMessage = abortingThresholds(s, (now - startMillis) / 1000.0);
                    if (abortMessage != null) {
                        out.println(abortMessage);
                        engine.stop();
                    }
                }
                if (!announced && "RUNNING".equals(s.state())) {
                    announced = true;
                    out.printf("All users spawned: %s (%d total users)%n", UserDispatch.sorted(s.userClassCounts()),
                            s.userCount());
                }
                if (tick % 2 == 0 && !flags.onlySummary() && !flags.json()) {
                    out.println(ConsoleReport.live(s, startMillis, now));
                }
            }
            engine.awaitStopped(Duration.ofSeconds(60));
            StatsSnapshot last = engine.snapshot();
            long end = System.currentTimeMillis();
            if (csv != null) {
                csv.write(last, 0, end);
                csv.close();
            }
            if (flags.json()) {
                this.out.println(JsonReport.entries(last));
            } else {
                out.println(ConsoleReport.summary(last, startMillis));
            }
            if (settings.htmlFile() != null) {
                long runTime = runTimeSeconds != null ? Math.round(runTimeSeconds)
                        : (end - startMillis) / 1000;
                Path html = HtmlReport.write(settings.htmlFile(), last, history, new ReportInfo(settings.host(),
                        settings.loadfile().description(), startMillis, end, settings.users(), settings.spawnRate(),
                        runTime));
                out.println("HTML report written to " + html);
            }
            int code = exitCode(last, out, abortMessage);
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook is running and has been released above
            }
            return code;
        }
    }

    /**
     * As the operator does: an abortOnFail threshold that fails once past its grace period stops the run, which
     * then fails whatever the final figures say. Null while none does.
     */
    private String abortingThresholds(StatsSnapshot snapshot, double runSeconds) {
        List<Threshold> thresholds = settings.thresholds();
        if (thresholds == null || thresholds.stream().noneMatch(t -> Boolean.TRUE.equals(t.getAbortOnFail()))) {
            return null;
        }
        List<ThresholdResult> results = Thresholds.evaluate(thresholds, StatsSnapshot.merge("local", List.of(snapshot)));
        List<ThresholdResult> aborting = Thresholds.abortingFailures(thresholds, results, runSeconds);
        return aborting.isEmpty() ? null : "Stopped early, an abortOnFail threshold failed: "
                + String.join("; ", aborting.stream().map(ThresholdResult::getMessage).toList());
    }

    private int exitCode(StatsSnapshot last, PrintStream out, String abortMessage) {
        List<Threshold> thresholds = settings.thresholds();
        if (abortMessage != null) {
            out.println("Result: FAILED (" + abortMessage + ")");
            return EXIT_THRESHOLDS_FAILED;
        }
        if (thresholds != null && !thresholds.isEmpty()) {
            List<ThresholdResult> results = Thresholds.evaluate(thresholds, StatsSnapshot.merge("local", List.of(last)));
            out.println("Thresholds:");
            for (ThresholdResult r : results) {
                out.printf("  %s %s%n", Boolean.TRUE.equals(r.getMet()) ? "PASS" : "FAIL", r.getMessage());
            }
            boolean met = Thresholds.allMet(results);
            out.println(met ? "Result: PASSED (every threshold met)" : "Result: FAILED (thresholds not met)");
            return met ? 0 : EXIT_THRESHOLDS_FAILED;
        }
        boolean errors = last.total().numFailures() > 0 || last.totalExceptions() > 0;
        return errors ? settings.exitCodeOnError() : 0;
    }
}
