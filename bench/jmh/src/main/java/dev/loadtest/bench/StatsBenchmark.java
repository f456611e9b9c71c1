package dev.loadtest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.runner.stats.LiveStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The statistics' costs: recording one request on the hot path (run with {@code -prof gc} to see that it
 * allocates nothing), folding recorders into cumulative statistics, and merging 100 runners x 100 endpoints
 * from their JSON as the operator does.
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StatsBenchmark {

    private static final String[] NAMES = {"/api/products", "/api/products/[id]", "/api/cart", "/api/checkout"};

    @State(Scope.Benchmark)
    public static class Live {
        final LiveStats stats = new LiveStats("bench");
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Threads(2)
    public void record(Live live) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        live.stats.record("GET", NAMES[r.nextInt(NAMES.length)], 200 + r.nextInt(50_000), 200, null);
    }

    @State(Scope.Benchmark)
    public static class Populated {
        LiveStats stats;

        @Setup(Level.Iteration)
        public void fill() {
            stats = new LiveStats("bench");
            Random r = new Random(1);
            for (int i = 0; i < 1_000_000; i++) {
                stats.record("GET", "/endpoint/" + r.nextInt(100), 200 + r.nextInt(100_000), 200, null);
            }
        }
    }

    /** A snapshot of 100 endpoints, as every poll of /stats takes. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object collect(Populated populated) {
        return populated.stats.collect();
    }

    @State(Scope.Benchmark)
    public static class Runners {
        final List<String> bodies = new ArrayList<>();
        final ObjectMapper json = new ObjectMapper();

        @Setup
        public void encode() throws Exception {
            Random r = new Random(1);
            for (int runner = 0; runner < 100; runner++) {
                List<EndpointStats> entries = new ArrayList<>();
                for (int e = 0; e < 100; e++) {
                    EndpointStats s = new EndpointStats(new EndpointKey("GET", "/endpoint/" + e));
                    for (int i = 0; i < 2000; i++) {
                        s.record((long) Math.exp(6 + 2 * Math.abs(r.nextGaussian())), 200, i % 100 == 0,
                                1_000_000 + i);
                    }
                    entries.add(s);
                }
                bodies.add(json.writeValueAsString(new StatsSnapshot("run", "runner-" + runner, "i", "RUNNING", 10,
                        Map.of("U", 10), 1_000_000, entries, List.of(), List.of())));
            }
        }
    }

    /** Parsing 100 runners' /stats bodies (100 endpoints each). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object parse100Runners(Runners runners) throws Exception {
        List<StatsSnapshot> snapshots = new ArrayList<>(100);
        for (String body : runners.bodies) {
            snapshots.add(runners.json.readValue(body, StatsSnapshot.class));
        }
        return snapshots;
    }

    /** Parsing and merging 100 runners x 100 endpoints, then the figures the status needs (p95 of each row). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double parseAndMerge100x100(Runners runners) throws Exception {
        List<StatsSnapshot> snapshots = new ArrayList<>(100);
        for (String body : runners.bodies) {
            snapshots.add(runners.json.readValue(body, StatsSnapshot.class));
        }
        StatsSnapshot merged = StatsSnapshot.merge("run", snapshots);
        double sum = merged.total().percentileMs(0.95);
        for (EndpointStats e : merged.entries()) {
            sum += e.percentileMs(0.95);
        }
        return sum;
    }
}
