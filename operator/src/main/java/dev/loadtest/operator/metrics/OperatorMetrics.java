package dev.loadtest.operator.metrics;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.operator.status.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The operator's own metrics at {@code /q/metrics} (names in docs/grafana.md, the dashboard's contract):
 * {@code loadtests{phase}}, {@code loadtest_runner_polls_total{outcome}}, {@code loadtest_stats_merge_seconds{path}} and, per LoadTest, its last
 * {@value #RECENT_RUNS} finished runs as {@code loadtest_run_*{namespace,loadtest,run_id}} gauges. A LoadTest's run
 * gauges go when it is deleted (checked every {@value #PRUNE_SECONDS} s), and {@code loadtest_reconcile_seconds{outcome}}
 * counts and times reconciles (the operator SDK's own Micrometer metrics do not show up at /q/metrics).
 */
@Singleton // created with the reconciler, so that /q/metrics has the phase gauges from the start
public class OperatorMetrics {

    public static final int RECENT_RUNS = 10;
    static final long PRUNE_SECONDS = 15;

    private final MeterRegistry registry;
    private final Counter pollSuccesses;
    private final Counter pollFailures;
    private final Timer mergesByDeltas;
    private final Timer mergesInFull;
    private final Timer reconcileSuccesses;
    private final Timer reconcileFailures;
    /** By "namespace/name": the LoadTest's uid and its run gauges by run id. */
    private final Map<String, Tracked> tracked = new HashMap<>();
    private volatile Supplier<Collection<LoadTest>> loadTests = List::of;
    private volatile boolean watching;
    private ScheduledExecutorService pruner;

    private record Tracked(String uid, Map<String, List<Meter>> runs) {
    }

    @Inject
    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Phase phase : Phase.values()) {
            Gauge.builder("loadtests", this, m -> RunFigures.countByPhase(m.loadTests.get()).get(phase))
                    .description("LoadTests per phase").tag("phase", phase.name()).strongReference(true)
                    .register(registry);
        }
        pollSuccesses = polls("success");
        pollFailures = polls("failure");
        mergesByDeltas = merges("deltas");
        mergesInFull = merges("full");
        reconcileSuccesses = reconciles("success");
        reconcileFailures = reconciles("failure");
    }

    /** Metrics that go nowhere, for tests that do not look at them. */
    public static OperatorMetrics none() {
        return new OperatorMetrics(new SimpleMeterRegistry());
    }

    private Counter polls(String outcome) {
        return Counter.builder("loadtest.runner.polls").description("Polls of a runner's /stats, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Timer merges(String path) {
        return Timer.builder("loadtest.stats.merge").description("Merges of a run's runner statistics after a poll, by"
                + " path: deltas (the runners' deltas since the last poll added) or full (every runner's snapshot merged)")
                .tag("path", path).register(registry);
    }

    private Timer reconciles(String outcome) {
        return Timer.builder("loadtest.reconcile").description("Reconciles of a LoadTest, by outcome (failure: it threw)")
                .tag("outcome", outcome).register(registry);
    }

    /** Runs one reconcile, counting and timing it by outcome. */
    public <T> T timeReconcile(Supplier<T> reconcile) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            T result = reconcile.get();
            ok = true;
            return result;
        } finally {
            (ok ? reconcileSuccesses : reconcileFailures).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @PostConstruct
    void startPruning() {
        pruner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadtest-metrics-pruner");
            t.setDaemon(true);
            return t;
        });
        pruner.scheduleWithFixedDelay(this::prune, PRUNE_SECONDS, PRUNE_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stopPruning() {
        if (pruner != null) {
            pruner.shutdownNow();
        }
    }

    /** Where the LoadTests are (the operator's informer cache): read at every scrape and prune. */
    public void watch(Supplier<Collection<LoadTest>> loadTests) {
        this.loadTests = loadTests;
        this.watching = true;
    }

    public void runnerPolled(boolean success) {
        (success ? pollSuccesses : pollFailures).increment();
    }

    /** One poll's merge of a run's statistics took {@code nanos}, by adding deltas or merging in full. */
    public void merged(boolean byDeltas, long nanos) {
        (byDeltas ? mergesByDeltas : mergesInFull).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The LoadTest's status as written (or about to be): its recent finished runs become its run gauges. */
    public synchronized void observe(LoadTest loadTest, LoadTestStatus status) {
        String namespace = loadTest.getMetadata().getNamespace();
        String name = loadTest.getMetadata().getName();
        String key = namespace + "/" + name;
        Tracked t = tracked.get(key);
        if (t != null && !t.uid().equals(loadTest.getMetadata().getUid())) {
            drop(key); // deleted and created again under the same name
            t = null;
        }
        List<RunFigures> runs = RunFigures.recentRuns(status, RECENT_RUNS);
        if (t == null) {
            if (runs.isEmpty()) {
                return;
            }
            t = new Tracked(loadTest.getMetadata().getUid(), new HashMap<>());
            tracked.put(key, t);
        }
        Set<String> keep = runs.stream().map(RunFigures::runId).collect(Collectors.toSet());
        for (String gone : List.copyOf(t.runs().keySet())) {
            if (!keep.contains(gone)) {
                t.runs().remove(gone).forEach(registry::remove);
            }
        }
        for (RunFigures run : runs) {
            if (!t.runs().containsKey(run.runId())) {
                t.runs().put(run.runId(), register(namespace, name, run));
            }
        }
    }

    /** A finished run's figures are final: its gauges are constants. */
    private List<Meter> register(String namespace, String name, RunFigures run) {
        Tags tags = Tags.of("namespace", namespace, "loadtest", name, "run_id", run.runId());
        List<Meter> meters = new ArrayList<>();
        meters.add(constant("loadtest.run.requests", "A finished run's total requests", tags, run.requests()));
        meters.add(constant("loadtest.run.failure.ratio", "A finished run's failures / requests", tags,
                run.failureRatio()));
        if (run.p95Seconds() != null) {
            meters.add(constant("loadtest.run.p95.seconds", "A finished run's p95 response time in seconds", tags,
                    run.p95Seconds()));
        }
        meters.add(constant("loadtest.run.thresholds.met", "1 if a finished run met every threshold, else 0", tags,
                run.thresholdsMet() ? 1 : 0));
        return meters;
    }

    private Meter constant(String metric, String description, Tags tags, double value) {
        return Gauge.builder(metric, () -> value).description(description).tags(tags).register(registry);
    }

    /** Drops the run gauges of LoadTests that are no longer in the cache (deleted). */
    public synchronized void prune() {
        if (!watching) {
            return;
        }
        Set<String> uids = loadTests.get().stream().map(lt -> lt.getMetadata().getUid()).collect(Collectors.toSet());
        for (String key : List.copyOf(tracked.keySet())) {
            if (!uids.contains(tracked.get(key).uid())) {
                drop(key);
            }
        }
    }

    private void drop(String key) {
        Tracked t = tracked.remove(key);
        if (t != null) {
            t.runs().values().forEach(meters -> meters.forEach(registry::remove));
        }
    }
}
