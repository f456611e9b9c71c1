package dev.loadtest.runner.stats;

import dev.loadtest.runner.metrics.MetricLabels;
import dev.loadtest.runner.metrics.RunMetrics;

import java.lang.management.ManagementFactory;

/**
 * This thread's CPU time and allocation per request recorded in the statistics (LiveStats.record), with and without
 * the run's Prometheus metrics. CPU time, not wall time, so that a busy machine stretches it less.
 */
public class RecordCost {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (RunMetrics metrics = new RunMetrics(new MetricLabels("bench", "record", "runner-0"), "run", () -> 0)) {
            LiveStats with = new LiveStats("runner-0", 1000, metrics);
            LiveStats without = new LiveStats("runner-0", 1000, null);
            for (int round = 0; round < 5; round++) {
                for (LiveStats stats : new LiveStats[] {without, with}) {
                    long cpu = mx.getCurrentThreadCpuTime();
                    long allocated = mx.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < n; i++) {
                        stats.record("GET", "/", 700 + (i & 1023), 200, null, null);
                    }
                    System.out.printf("round %d, %-15s %6.1f ns CPU, %d bytes allocated per request%n", round,
                            stats == with ? "with metrics:" : "without metrics:",
                            (mx.getCurrentThreadCpuTime() - cpu) / (double) n,
                            (mx.getCurrentThreadAllocatedBytes() - allocated) / n);
                }
            }
        }
    }
}
