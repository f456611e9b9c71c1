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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What one poll of a large run costs the operator: parse R runners' {@code /stats} JSON (E endpoints each, with
 * their HdrHistograms), merge them exactly, build the bounded status summary and judge thresholds; and the heap
 * the runners' latest snapshots hold between polls. Run by
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
        double[] mergeMs = new double[rounds];
        double[] summaryMs = new double[rounds];
        double[] groupMs = new double[rounds];
        long merged = 0;
        for (int round = 0; round < rounds + 5; round++) {
            // what the operator does each poll: decode every runner's body (it keeps the decoded snapshots, with
            // their histograms still encoded), merge them exactly, summarise and judge thresholds
            long t0 = System.nanoTime();
            List<StatsSnapshot> latest = new ArrayList<>(runners);
            for (byte[] body : bodies) {
                latest.add(mapper.readValue(body, StatsSnapshot.class));
            }
            long t1 = System.nanoTime();
            StatsSnapshot.Merger merger = new StatsSnapshot.Merger("bench");
            latest.forEach(merger::add);
            long grouped = System.nanoTime();
            StatsSnapshot all = merger.result();
            long t2 = System.nanoTime();
            Summaries.of(all, System.currentTimeMillis());
            Thresholds.evaluate(thresholds, all);
            long t3 = System.nanoTime();
            merged = all.total().numRequests();
            if (round >= 5) { // the first rounds warm the JIT up
                pollMs[round - 5] = (t3 - t0) / 1e6;
                parseMs[round - 5] = (t1 - t0) / 1e6;
                mergeMs[round - 5] = (t2 - t1) / 1e6;
                groupMs[round - 5] = (grouped - t1) / 1e6;
                summaryMs[round - 5] = (t3 - t2) / 1e6;
            }
        }
        if (merged != totalRequests) {
            throw new IllegalStateException("merge lost requests: " + merged + " != " + totalRequests);
        }
        long retained = retainedBytes(bodies, mapper);
        System.out.printf("runners=%d endpoints=%d rounds=%d requests=%d json=%.1f MB (%.0f kB per runner)%n",
                runners, endpoints, rounds, merged, bytes / 1e6, bytes / 1e3 / runners);
        System.out.printf("one poll: median %.1f ms (p90 %.1f ms) = parse %.1f + merge %.1f + summary and thresholds %.1f"
                + " (medians)%n", median(pollMs), p90(pollMs), median(parseMs), median(mergeMs), median(summaryMs));
        System.out.printf("merge alone: median %.1f ms, p90 %.1f ms = grouping rows by endpoint %.1f + summing them %.1f"
                + " (medians; %d cores)%n", median(mergeMs), p90(mergeMs), median(groupMs),
                median(mergeMs) - median(groupMs), Runtime.getRuntime().availableProcessors());
        System.out.printf("held between polls (every runner's latest snapshot): %.1f MB, %.0f kB per runner%n",
                retained / 1e6, retained / 1e3 / runners);
    }

    /** Heap retained by the decoded snapshots the operator keeps between polls, measured after full GCs. */
    private static long retainedBytes(List<byte[]> bodies, ObjectMapper mapper) throws Exception {
        long before = usedAfterGc();
        List<StatsSnapshot> kept = new ArrayList<>();
        for (byte[] body : bodies) {
            kept.add(mapper.readValue(body, StatsSnapshot.class));
        }
        long after = usedAfterGc();
        if (kept.size() != bodies.size()) {
            throw new IllegalStateException();
        }
        return after - before;
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** A runner's cumulative snapshot after a minute: latencies from 1 ms to a few seconds, some failures. */
    public static StatsSnapshot runner(int index, int endpoints, long start) {
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
