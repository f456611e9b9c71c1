package dev.loadtest.runner.engine;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Waits, within a bound, for the JIT compilers to finish what a warm-up gave them: the warm-up's requests queue
 * compilations of the HTTP paths, and compiled in the run's first second they would take the CPU (two cores, here)
 * from the users whose first requests are being timed. Quiet means the compilers' total time did not move for one
 * {@link #WINDOW}.
 */
final class CompilerQuiet {

    /** Longer than most single compilations, so that one in progress is rarely taken for quiet. */
    static final Duration WINDOW = Duration.ofMillis(40);

    private CompilerQuiet() {
    }

    /** Returns the milliseconds waited: at most about {@code max}, 0 when the JVM does not report compile times. */
    static long await(Duration max) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long began = System.nanoTime();
        long deadline = began + max.toNanos();
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
