package dev.loadtest.operator.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.report.Summaries;
import dev.loadtest.api.report.Thresholds;
import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.Threshold;
import dev.loadtest.api.v1alpha1.ThresholdMetric;
import dev.loadtest.operator.runner.MergedStats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What one poll of a large run costs the operator: parse R runners' {@code /stats} JSON (E endpoints each, with
 * their HdrHistograms), merge them exactly, build the bounded status summary and judge thresholds. Run by
 * {@code bench/operator-merge.sh}; not a unit test.
 */
public final class MergeBenchmark {

    public static void main(String[] args) throws Exception {
        int runners = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

        List<byte[]> bodies = new ArrayList<>();
        long totalRequests = 0;
        long start = System.currentTimeMillis() - 60_000;
        for (int r = 0; r < runners; r++) {
            StatsSnapshot s = runner(r, endpoints, start);
            totalRequests += s.total().numRequests();
            bodies.add(mapper.writeValueAsBytes(s));
        }
        long bytes = bodies.stream().mapToLong(b -> b.length).sum();
        Threshold p95 = new Threshold();
        p95.setMetric(ThresholdMetric.p95);
        p95.setBelow(300.0);
        List<Threshold> thresholds = List.of(p95);

        double[] pollMs = new double[rounds];
        double[] parseMs = new double[rounds];
        long merged = 0;
        long peakHeap = 0;
        for (int round = 0; round < rounds + 5; round++) {
            long t0 = System.nanoTime();
            // what the operator does: fold each runner's snapshot into the running merge as it is parsed
            MergedStats fold = new MergedStats("bench");
            long parse = 0;
            for (byte[] body : bodies) {
                long p0 = System.nanoTime();
                StatsSnapshot s = mapper.readValue(body, StatsSnapshot.class);
                parse += System.nanoTime() - p0;
                fold.add(s);
                peakHeap = Math.max(peakHeap, Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
            }
            StatsSnapshot all = fold.result();
            Summaries.of(all, System.currentTimeMillis());
            Thresholds.evaluate(thresholds, all);
            long t1 = System.nanoTime();
            merged = all.total().numRequests();
            if (round >= 5) { // the first rounds warm the JIT up
                pollMs[round - 5] = (t1 - t0) / 1e6;
                parseMs[round - 5] = parse / 1e6;
            }
        }
        if (merged != totalRequests) {
            throw new IllegalStateException("merge lost requests: " + merged + " != " + totalRequests);
        }
        System.out.printf("runners=%d endpoints=%d rounds=%d requests=%d json=%.1f MB (%.0f kB per runner)%n",
                runners, endpoints, rounds, merged, bytes / 1e6, bytes / 1e3 / runners);
        System.out.printf("one poll (parse + merge + summary + thresholds): median %.0f ms, p90 %.0f ms;"
                + " of which JSON parsing median %.0f ms%n", median(pollMs), p90(pollMs), median(parseMs));
        System.out.printf("peak heap seen %.0f MB (-Xmx %.0f MB)%n", peakHeap / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
    }

    /** A runner's cumulative snapshot after a minute: latencies from 1 ms to a few seconds, some failures. */
    static StatsSnapshot runner(int index, int endpoints, long start) {
        SplittableRandom random = new SplittableRandom(index);
        List<EndpointStats> entries = new ArrayList<>(endpoints);
        List<FailureStats> failures = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            EndpointStats stats = new EndpointStats(new EndpointKey(e % 4 == 0 ? "POST" : "GET", "/api/endpoint/" + e));
            int requests = 200 + random.nextInt(300);
            int failed = 0;
            for (int i = 0; i < requests; i++) {
                long micros = (long) (1000 * Math.exp(random.nextDouble() * 8)); // 1 ms .. 3 s, log-uniform
                boolean fail = random.nextInt(100) == 0;
                failed += fail ? 1 : 0;
                stats.record(micros, 512, fail, start + random.nextInt(60_000));
            }
            entries.add(stats);
            if (failed > 0) {
                failures.add(new FailureStats(stats.key().method(), stats.key().name(), "HTTP 503", failed, start,
                        start + 60_000));
            }
        }
        return new StatsSnapshot("bench", "runner-" + index, "i" + index, "RUNNING", 10, Map.of("ShopUser", 10),
                start + 60_000, entries, failures, List.of());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double p90(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * 0.9) - 1];
    }
}
