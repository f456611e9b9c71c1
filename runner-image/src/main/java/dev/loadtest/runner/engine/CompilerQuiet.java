package dev.loadtest.runner.engine;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Waits, within a bound, for the JIT compilers to finish what a warm-up gave them: the warm-up's requests queue
 * compilations of the HTTP paths, and compiled in the run's first seconds they would take the CPU (one core, in a
 * small runner pod) from the users whose requests are being timed.
 *
 * <p>On Linux, quiet means the compiler threads neither ran nor waited to run for one {@link #POLL} (their
 * {@code schedstat}): that sees a long C2 compilation in progress, which the JVM's total compilation time, moved only
 * when a compilation ends, does not. Elsewhere, quiet means that total did not move for one {@link #WINDOW}.
 */
final class CompilerQuiet {

    /** Longer than most single compilations, so that one in progress is rarely taken for quiet. */
    static final Duration WINDOW = Duration.ofMillis(40);
    /** How often the compiler threads' times are read. */
    static final Duration POLL = Duration.ofMillis(20);
    /** Less than this much running or runnable in one poll, summed over the compiler threads, is idle. */
    private static final long IDLE_NANOS = 1_000_000;
    private static final Path TASKS = Path.of("/proc/self/task");

    private CompilerQuiet() {
    }

    /** Returns the milliseconds waited: at most about {@code max}, 0 when the JVM's compilers cannot be watched. */
    static long await(Duration max) {
        long began = System.nanoTime();
        long deadline = began + max.toNanos();
        OptionalLong first = compilerThreadsNanos();
        if (first.isEmpty()) {
            return awaitTotalTime(began, deadline);
        }
        long last = first.getAsLong();
        try {
            while (System.nanoTime() < deadline) {
                Thread.sleep(POLL);
                OptionalLong now = compilerThreadsNanos();
                if (now.isEmpty() || now.getAsLong() - last < IDLE_NANOS) {
                    break;
                }
                last = now.getAsLong();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (System.nanoTime() - began) / 1_000_000;
    }

    /**
     * The time the JIT compiler threads have run plus waited on a run queue, summed (nanoseconds, from Linux's
     * {@code /proc/self/task/}*{@code /schedstat}); empty where there is no such file or no compiler thread.
     */
    static OptionalLong compilerThreadsNanos() {
        long sum = 0;
        boolean any = false;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String name;
                String[] times;
                try {
                    name = Files.readString(task.resolve("comm"));
                    if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                        continue;
                    }
                    times = Files.readString(task.resolve("schedstat")).trim().split(" ");
                } catch (IOException e) {
                    continue; // the thread ended (the JVM stops idle compiler threads)
                }
                sum += Long.parseLong(times[0]) + Long.parseLong(times[1]);
                any = true;
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return any ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    private static long awaitTotalTime(long began, long deadline) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long last = jit.getTotalCompilationTime();
        try {
            while (System.nanoTime() < deadline) {
                Thread.sleep(WINDOW);
                long now = jit.getTotalCompilationTime();
                if (now == last) {
                    break;
                }
                last = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (System.nanoTime() - began) / 1_000_000;
    }
}
