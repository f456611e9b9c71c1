package dev.loadtest.operator.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.report.Summaries;
import dev.loadtest.api.report.Thresholds;
import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.api.stats.RunningMerge;
import dev.loadtest.api.stats.ServedSnapshots;
import dev.loadtest.api.stats.StatsBinary;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.operator.status.Conditions;
import dev.loadtest.operator.status.LoadTestStatusAggregator;
import dev.loadtest.operator.status.Phase;
import dev.loadtest.operator.status.RunObservation;
import dev.loadtest.api.v1alpha1.Threshold;
import dev.loadtest.api.v1alpha1.ThresholdMetric;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * What one poll of a large run costs the operator, by the path it takes today and by the previous one, in the same
 * run: R runners x E endpoints after a minute of load, polled again 3 s later.
 * <ul>
 * <li>previous (JSON): parse every runner's cumulative {@code /stats} JSON, merge them all exactly;</li>
 * <li>binary, full: decode every runner's binary body (control protocol 3) and merge them all exactly: the first
 * poll of a run, or one after a lost reply or a restarted runner ({@link RunningMerge} falls back to it);</li>
 * <li>binary, deltas: each body also carries the deltas since the snapshot the operator counted
 * ({@link ServedSnapshots}, as the runner's control server makes them), and {@link RunningMerge} adds those to the
 * totals it keeps: every poll after the first.</li>
 * </ul>
 * Each path is checked against the others (same merged figures, requests = the sum over runners). Then the status the
 * operator writes for that merge, its size, and the heap the operator holds for the LoadTest between polls. Run by
 * {@code bench/operator-merge.sh}; not a unit test.
 */
public final class MergeBenchmark {

    /** Seconds between the two polls: what a runner records between them is what the deltas carry. */
    static final int POLL_SECONDS = 3;

    public static void main(String[] args) throws Exception {
        int runners = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

        // what the runners answer: the first poll (a minute in) and the next one, 3 s later, with deltas since the first
        List<byte[]> json = new ArrayList<>();
        List<byte[]> firstPoll = new ArrayList<>();
        List<byte[]> nextPoll = new ArrayList<>();
        long totalRequests = 0;
        long start = System.currentTimeMillis() - 60_000;
        for (int r = 0; r < runners; r++) {
            SplittableRandom random = new SplittableRandom(r);
            List<EndpointStats> rows = rows(random, endpoints, start, 60);
            ServedSnapshots served = new ServedSnapshots();
            firstPoll.add(served.encode(snapshot(r, rows, start + 60_000), -1));
            more(random, rows, start + 60_000, POLL_SECONDS);
            StatsSnapshot s = snapshot(r, rows, start + 60_000 + POLL_SECONDS * 1000L);
            totalRequests += s.total().numRequests();
            json.add(mapper.writeValueAsBytes(s));
            nextPoll.add(served.encode(s, 1));
        }
        Threshold p95 = new Threshold();
        p95.setMetric(ThresholdMetric.p95);
        p95.setBelow(300.0);
        List<Threshold> thresholds = List.of(p95);

        Path jsonPath = new Path("previous: JSON, full merge", rounds);
        Path fullPath = new Path("binary, full merge (a run's first poll)", rounds);
        Path deltaPath = new Path("binary, deltas since the last poll", rounds);
        StatsSnapshot byJson = null;
        StatsSnapshot byDeltas = null;
        for (int round = 0; round < rounds + 2; round++) {
            boolean measured = round >= 2; // the first rounds warm the JIT up
            // previous path: decode every runner's JSON, merge them all
            Map<String, StatsSnapshot> latest = new TreeMap<>();
            byJson = timePoll(jsonPath, round, measured, thresholds, () -> {
                for (int r = 0; r < runners; r++) {
                    latest.put("runner-" + r, mapper.readValue(json.get(r), StatsSnapshot.class));
                }
            }, () -> StatsSnapshot.merge("bench", latest.values()));
            latest.clear();

            // today's path: the first poll merges in full, the next adds the deltas
            RunningMerge merge = new RunningMerge(1);
            Map<String, StatsSnapshot> binary = new TreeMap<>();
            timePoll(fullPath, round, measured, thresholds,
                    () -> receive(firstPoll, binary, merge), () -> merge.merge("bench", binary));
            check(!merge.lastWasIncremental(), "the first poll merges in full");
            byDeltas = timePoll(deltaPath, round, measured, thresholds,
                    () -> receive(nextPoll, binary, merge), () -> merge.merge("bench", binary));
            check(merge.lastWasIncremental(), "the second poll adds deltas");
        }
        check(byJson.total().numRequests() == totalRequests, "JSON merge lost requests: "
                + byJson.total().numRequests() + " != " + totalRequests);
        check(byDeltas.total().numRequests() == totalRequests, "delta merge lost requests");
        // the same merged figures, histograms included, whichever path
        check(mapper.writeValueAsString(byDeltas).equals(mapper.writeValueAsString(byJson)),
                "the delta merge differs from the JSON merge");

        long jsonBytes = json.stream().mapToLong(b -> b.length).sum();
        long binaryBytes = nextPoll.stream().mapToLong(b -> b.length).sum();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf("runners=%d endpoints=%d rounds=%d requests=%d (merged = sum over runners, the same figures"
                        + " by every path); %d cores, load average %.1f%n", runners, endpoints, rounds, totalRequests,
                Runtime.getRuntime().availableProcessors(), load);
        System.out.printf("bodies per poll: JSON %.1f MB, binary with deltas %.1f MB (%.0f kB per runner)%n",
                jsonBytes / 1e6, binaryBytes / 1e6, binaryBytes / 1e3 / runners);
        for (Path path : List.of(jsonPath, fullPath, deltaPath)) {
            path.print();
        }
        System.out.printf("one poll's merge: %.1f ms by deltas, %.1f ms by the previous path (%.1fx faster; CPU %.1f vs"
                        + " %.1f ms); the whole poll (decode + merge + summary): %.1f ms vs %.1f ms (%.1fx)%n",
                median(deltaPath.merge), median(jsonPath.merge), median(jsonPath.merge) / median(deltaPath.merge),
                median(deltaPath.mergeCpu), median(jsonPath.mergeCpu), median(deltaPath.poll), median(jsonPath.poll),
                median(jsonPath.poll) / median(deltaPath.poll));
        // one line for bench/operator-merge.sh to compare builds (BASELINE=...)
        System.out.printf("RESULT deltas merge_ms=%.1f merge_work_cpu_ms=%.1f merge_jvm_cpu_ms=%.1f merge_gc_ms=%.1f"
                        + " poll_ms=%.1f decode_ms=%.1f decode_cpu_ms=%.1f%n", median(deltaPath.merge),
                median(deltaPath.mergeWork), median(deltaPath.mergeCpu), median(deltaPath.mergeGc), median(deltaPath.poll),
                median(deltaPath.decode), median(deltaPath.decodeWork));
        byte[] status = status(byDeltas, runners, thresholds);
        System.out.printf("status written for it: %,d bytes of JSON%n", status.length);
        long keptJson = retainedBytes(() -> {
            Map<String, StatsSnapshot> kept = new TreeMap<>();
            for (int r = 0; r < runners; r++) {
                kept.put("runner-" + r, mapper.readValue(json.get(r), StatsSnapshot.class));
            }
            return kept;
        });
        long keptBinary = retainedBytes(() -> {
            RunningMerge merge = new RunningMerge(1);
            Map<String, StatsSnapshot> kept = new TreeMap<>();
            receive(firstPoll, kept, merge);
            merge.merge("bench", kept);
            receive(nextPoll, kept, merge);
            merge.merge("bench", kept);
            return List.of(kept, merge);
        });
        System.out.printf("held between polls for this LoadTest: %.1f MB (every runner's latest snapshot and the merge's"
                        + " totals; %.0f kB per runner); previous path: %.1f MB%n", keptBinary / 1e6,
                keptBinary / 1e3 / runners, keptJson / 1e6);
    }

    /** A poll's decoding: the runners' bodies read into the snapshots a merge then takes. */
    private interface Decode {
        void run() throws Exception;
    }

    /**
     * One poll by one path, as the operator makes it: the bodies decoded, then merged, then summarised for the status
     * and thresholds; decoding and merging each timed by wall clock and CPU (the merge also by the GC it set off).
     * Rounds before the third warm the JIT up and are not recorded.
     */
    private static StatsSnapshot timePoll(Path path, int round, boolean measured, List<Threshold> thresholds,
                                          Decode decode, java.util.function.Supplier<StatsSnapshot> merge)
            throws Exception {
        long t0 = System.nanoTime();
        long d0 = workCpu();
        decode.run();
        long t1 = System.nanoTime();
        long c1 = cpu();
        long w1 = workCpu();
        path.decodeCpu(round - 2, measured, w1 - d0);
        long g1 = gcMillis();
        StatsSnapshot merged = merge.get();
        long t2 = System.nanoTime();
        path.cpu(round - 2, measured, cpu() - c1, workCpu() - w1, gcMillis() - g1);
        summarise(merged, thresholds);
        path.add(round - 2, measured, t0, t1, t2, System.nanoTime());
        return merged;
    }

    /** {@code RunningMerge.prepare}, when the statistics code has it (BASELINE= runs an older one, which has not). */
    private static final java.lang.invoke.MethodHandle PREPARE = prepareHandle();

    private static java.lang.invoke.MethodHandle prepareHandle() {
        try {
            return java.lang.invoke.MethodHandles.publicLookup().findVirtual(RunningMerge.class, "prepare",
                    java.lang.invoke.MethodType.methodType(void.class, StatsBinary.Reply.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    private static void prepare(RunningMerge merge, StatsBinary.Reply reply) {
        if (PREPARE != null) {
            try {
                PREPARE.invokeExact(merge, reply);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** As the operator's poll: each body decoded and prepared as it arrives, then every reply handed over. */
    private static void receive(List<byte[]> bodies, Map<String, StatsSnapshot> latest, RunningMerge merge) {
        List<StatsBinary.Reply> replies = new ArrayList<>(bodies.size());
        for (byte[] body : bodies) {
            StatsBinary.Reply reply = StatsBinary.decodeReply(body);
            prepare(merge, reply);
            replies.add(reply);
        }
        for (int r = 0; r < bodies.size(); r++) {
            latest.put("runner-" + r, replies.get(r).snapshot());
            merge.received("runner-" + r, replies.get(r));
        }
    }

    /** Milliseconds the JVM's collectors have spent so far: a merge's wall time can include a collection it set off. */
    private static long gcMillis() {
        long sum = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /**
     * CPU time of the threads that merge (main and the common fork-join pool, which sums endpoints in parallel), in
     * nanoseconds: the merge's own work, without the JIT's compiler threads and the collector's.
     */
    private static long workCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && (t.getThreadName().equals("main") || t.getThreadName().startsWith("ForkJoinPool"))) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    /** CPU time of this JVM (all its threads: a big merge sums endpoints on several), in nanoseconds. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void summarise(StatsSnapshot merged, List<Threshold> thresholds) {
        Summaries.of(merged, System.currentTimeMillis());
        Thresholds.evaluate(thresholds, merged);
    }

    /** The status the operator writes for a running LoadTest with this merge (as StatusSizeTest builds it). */
    private static byte[] status(StatsSnapshot merged, int runners, List<Threshold> thresholds) throws Exception {
        RunObservation obs = RunObservation.builder("bench", Phase.Running, Conditions.Reasons.RUNNING,
                        "Running " + runners + " runners.")
                .runners(runners, runners, 0).users(merged.userCount()).startTime(Instant.now())
                .summary(Summaries.of(merged, System.currentTimeMillis()))
                .thresholds(true, Thresholds.evaluate(thresholds, merged)).drift(List.of()).build();
        LoadTestStatus next = LoadTestStatusAggregator.next(new LoadTestStatus(), 1, obs, Instant.now(), 10);
        return new ObjectMapper().writeValueAsBytes(next);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    /** Timings of one path over the measured rounds. */
    private static final class Path {
        final String name;
        final double[] decode;
        final double[] merge;
        final double[] summary;
        final double[] poll;
        final double[] mergeCpu;
        final double[] mergeGc;
        final double[] mergeWork;
        final double[] decodeWork;

        Path(String name, int rounds) {
            this.name = name;
            decode = new double[rounds];
            merge = new double[rounds];
            summary = new double[rounds];
            poll = new double[rounds];
            mergeCpu = new double[rounds];
            mergeGc = new double[rounds];
            mergeWork = new double[rounds];
            decodeWork = new double[rounds];
        }

        void decodeCpu(int i, boolean measured, long workNanos) {
            if (measured) {
                decodeWork[i] = workNanos / 1e6;
            }
        }

        void cpu(int i, boolean measured, long nanos, long workNanos, long gcMillis) {
            if (measured) {
                mergeCpu[i] = nanos / 1e6;
                mergeWork[i] = workNanos / 1e6;
                mergeGc[i] = gcMillis;
            }
        }

        void add(int i, boolean measured, long t0, long t1, long t2, long t3) {
            if (measured) {
                decode[i] = (t1 - t0) / 1e6;
                merge[i] = (t2 - t1) / 1e6;
                summary[i] = (t3 - t2) / 1e6;
                poll[i] = (t3 - t0) / 1e6;
            }
        }

        void print() {
            System.out.printf("%-42s one poll %8.1f ms (p90 %8.1f) = decode %7.1f (CPU %6.1f) + merge %7.1f (p90 %7.1f; CPU of the"
                            + " merging threads %6.1f, of the JVM %6.1f; GC during it %5.1f) + summary and thresholds %5.1f"
                            + " (medians)%n", name + ":", median(poll), p90(poll), median(decode), median(decodeWork),
                    median(merge),
                    p90(merge), median(mergeWork), median(mergeCpu), median(mergeGc), median(summary));
        }
    }

    interface Kept {
        Object build() throws Exception;
    }

    /** Heap retained by what {@code kept} builds, measured after full GCs. */
    private static long retainedBytes(Kept kept) throws Exception {
        long before = usedAfterGc();
        Object held = kept.build();
        long after = usedAfterGc();
        check(held != null, "kept");
        java.lang.ref.Reference.reachabilityFence(held);
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
        return snapshot(index, rows(new SplittableRandom(index), endpoints, start, 60), start + 60_000);
    }

    /** Rows of {@code seconds} of load: 200-500 requests per endpoint a minute, latencies log-uniform 1 ms .. 3 s. */
    static List<EndpointStats> rows(SplittableRandom random, int endpoints, long start, int seconds) {
        List<EndpointStats> entries = new ArrayList<>(endpoints);
        for (int e = 0; e < endpoints; e++) {
            entries.add(new EndpointStats(new EndpointKey(e % 4 == 0 ? "POST" : "GET", "/api/endpoint/" + e)));
        }
        more(random, entries, start, seconds);
        return entries;
    }

    /** Records {@code seconds} more of load into the rows, from {@code from}. */
    static void more(SplittableRandom random, List<EndpointStats> rows, long from, int seconds) {
        for (EndpointStats stats : rows) {
            int requests = (200 + random.nextInt(300)) * seconds / 60;
            for (int i = 0; i < requests; i++) {
                long micros = (long) (1000 * Math.exp(random.nextDouble() * 8)); // 1 ms .. 3 s, log-uniform
                stats.record(micros, 512, random.nextInt(100) == 0, from + random.nextInt(seconds * 1000));
            }
        }
    }

    static StatsSnapshot snapshot(int index, List<EndpointStats> rows, long at) {
        List<FailureStats> failures = new ArrayList<>();
        for (EndpointStats row : rows) {
            if (row.numFailures() > 0) {
                failures.add(new FailureStats(row.key().method(), row.key().name(), "HTTP 503", row.numFailures(),
                        row.startTimeEpochMillis(), row.lastRequestEpochMillis()));
            }
        }
        return new StatsSnapshot("bench", "runner-" + index, "i" + index, "RUNNING", 10, Map.of("ShopUser", 10), at,
                rows, failures, List.of());
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
