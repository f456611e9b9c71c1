package dev.loadtest.runner.stats;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.ExceptionStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.runner.metrics.RunMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The statistics of a run as it happens. Requests are recorded lock-free into per-endpoint recorders;
 * {@link #collect} (one caller at a time) folds them into cumulative, mergeable {@link EndpointStats}.
 * The number of distinct names is capped, so that a loadfile naming requests by unbounded URLs cannot
 * exhaust memory: past the cap, new names are counted under {@value #OTHER}. The same rows feed the run's
 * Prometheus meters, so the cap also bounds the metrics' {@code name} label.
 */
public final class LiveStats {

    public static final int DEFAULT_MAX_NAMES = 1000;
    public static final String OTHER = "other";

    private final String node;
    private final int maxNames;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, LiveEndpoint>> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<FailureStats.Key, FailureStats> failures = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ExceptionStats> exceptions = new ConcurrentHashMap<>();
    private final Map<EndpointKey, EndpointStats> cumulative = new TreeMap<>();
    private final RunMetrics metrics;

    public LiveStats(String node) {
        this(node, DEFAULT_MAX_NAMES);
    }

    public LiveStats(String node, int maxNames) {
        this(node, maxNames, null);
    }

    /** @param metrics the run's meters, fed with every request; null for none */
    public LiveStats(String node, int maxNames, RunMetrics metrics) {
        this.node = node;
        this.maxNames = maxNames;
        this.metrics = metrics;
    }

    /** Records one request; {@code error} null for a success, else its class is {@link ErrorClass#OTHER}. */
    public void record(String method, String name, long micros, long contentLength, String error) {
        record(method, name, micros, contentLength, error, error == null ? null : ErrorClass.OTHER);
    }

    /** Records one request; {@code error} and {@code errorClass} are null for a success. */
    public void record(String method, String name, long micros, long contentLength, String error,
                       ErrorClass errorClass) {
        long now = System.currentTimeMillis();
        ErrorClass failed = error == null ? null : errorClass == null ? ErrorClass.OTHER : errorClass;
        endpoint(method, name).record(micros, contentLength, failed, now);
        if (error != null) {
            failures.merge(new FailureStats.Key(method, name, error), new FailureStats(method, name, error, 1, now, now),
                    FailureStats::merge);
        }
    }

    private LiveEndpoint endpoint(String method, String name) {
        ConcurrentHashMap<String, LiveEndpoint> methods = byName.get(name);
        if (methods == null) {
            String row = byName.size() >= maxNames ? OTHER : name;
            methods = byName.computeIfAbsent(row, n -> new ConcurrentHashMap<>());
            name = row;
        }
        LiveEndpoint e = methods.get(method);
        if (e == null) {
            String rowName = name;
            e = methods.computeIfAbsent(method, m -> new LiveEndpoint(new EndpointKey(m, rowName),
                    metrics == null ? null : metrics.endpoint(m, rowName)));
        }
        return e;
    }

    /** Records an exception thrown by user code, grouped by traceback. */
    public void recordException(Throwable error) {
        String traceback = Tracebacks.of(error);
        String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        exceptions.merge(traceback, new ExceptionStats(1, message, traceback, new TreeSet<>(List.of(node))),
                ExceptionStats::merge);
    }

    /**
     * Folds everything recorded so far into the cumulative statistics, without copying them: what the engine does
     * every second so that per-second counts land in their second, whether or not anyone reads them.
     */
    public synchronized void fold() {
        fold(System.currentTimeMillis());
    }

    private void fold(long now) {
        for (var methods : byName.values()) {
            for (LiveEndpoint e : methods.values()) {
                e.drainInto(cumulative.computeIfAbsent(e.key, EndpointStats::new), now);
            }
        }
    }

    /** Folds everything recorded so far into the cumulative statistics and returns copies of them. */
    public synchronized Collected collect() {
        long now = System.currentTimeMillis();
        fold(now);
        List<EndpointStats> entries = new ArrayList<>(cumulative.size());
        cumulative.values().forEach(e -> entries.add(e.copy(e.key())));
        List<FailureStats> failureList = new ArrayList<>(failures.values());
        failureList.sort(java.util.Comparator.comparing(FailureStats::name).thenComparing(FailureStats::method)
                .thenComparing(FailureStats::error));
        return new Collected(now, entries, failureList, new ArrayList<>(exceptions.values()));
    }

    /**
     * Locust's {@code --reset-stats}: requests and failures count again from zero, as its {@code reset_all} does;
     * exceptions are kept, as Locust keeps them.
     */
    public synchronized void resetRequests() {
        fold(System.currentTimeMillis());
        cumulative.clear();
        failures.clear();
    }

    /** The cumulative statistics at one moment. */
    public record Collected(long epochMillis, List<EndpointStats> entries, List<FailureStats> failures,
                            List<ExceptionStats> exceptions) {
    }
}
