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
    /**
     * Distinct (method, name, error) failures kept per runner. Error texts often embed the URL or a message that
     * varies per request, so without a bound the failures of a failing test would grow without end.
     */
    public static final int DEFAULT_MAX_FAILURES = 100;
    public static final String OTHER = "other";
    /** The error text under which failures past the bound are counted. */
    public static final String OTHER_ERRORS = "other errors (more distinct failures than this runner keeps)";

    private final String node;
    private final int maxNames;
    private final int maxFailures;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, LiveEndpoint>> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<FailureStats.Key, FailureStats> failures = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ExceptionStats> exceptions = new ConcurrentHashMap<>();
    private final Map<EndpointKey, EndpointStats> cumulative = new TreeMap<>();
    /** The open model's corrected rows, beside {@link #cumulative}; empty in the closed model. */
    private final Map<EndpointKey, EndpointStats> correctedCumulative = new TreeMap<>();
    private final RunMetrics metrics;

    public LiveStats(String node) {
        this(node, DEFAULT_MAX_NAMES);
    }

    public LiveStats(String node, int maxNames) {
        this(node, maxNames, null);
    }

    /** @param metrics the run's meters, fed with every request; null for none */
    public LiveStats(String node, int maxNames, RunMetrics metrics) {
        this(node, maxNames, DEFAULT_MAX_FAILURES, metrics);
    }

    /** @param maxFailures distinct failures kept; past it, new ones are counted under {@link #OTHER_ERRORS} */
    public LiveStats(String node, int maxNames, int maxFailures, RunMetrics metrics) {
        this.node = node;
        this.maxNames = maxNames;
        this.maxFailures = maxFailures;
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
        LiveEndpoint row = endpoint(method, name);
        row.record(micros, contentLength, failed, now);
        long lag = IntendedStart.lagMicros();
        if (lag >= 0) {
            LiveEndpoint twin = row.correctedOrNull();
            if (twin == null) {
                twin = row.corrected(() -> metrics == null ? null : metrics.corrected(row.key.method(), row.key.name()));
            }
            twin.record(IntendedStart.correctedMicros(micros, lag), contentLength, failed, now);
        }
        if (error != null) {
            FailureStats.Key key = new FailureStats.Key(method, name, error);
            // check-then-add without a lock: threads racing at the bound may each add one key past it, so the
            // bound is maxFailures plus the number of recording threads, never unbounded
            if (!failures.containsKey(key) && failures.size() >= maxFailures) {
                // one bucket per method: the methods are few, and the endpoint rows still count every failure
                key = new FailureStats.Key(method, OTHER, OTHER_ERRORS);
            }
            failures.merge(key, new FailureStats(key.method(), key.name(), key.error(), 1, now, now),
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
                LiveEndpoint c = e.correctedOrNull();
                if (c != null) {
                    c.drainInto(correctedCumulative.computeIfAbsent(c.key, EndpointStats::new), now);
                }
            }
        }
    }

    /**
     * Forgets every request, failure and exception recorded so far (the web UI's "Reset statistics", Locust's
     * {@code stats.reset_all()} plus its errors and exceptions). Recorders are drained first so that nothing
     * recorded before the reset reappears later; a request completing during the reset lands on either side.
     * The Prometheus counters are not reset: they stay monotonic, as scrapers expect.
     */
    public synchronized void reset() {
        resetRequests();
        exceptions.clear();
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
        List<EndpointStats> corrected = new ArrayList<>(correctedCumulative.size());
        correctedCumulative.values().forEach(e -> corrected.add(e.copy(e.key())));
        return new Collected(now, entries, failureList, new ArrayList<>(exceptions.values()), corrected);
    }

    /**
     * Locust's {@code --reset-stats}: requests and failures count again from zero, as its {@code reset_all} does;
     * exceptions are kept, as Locust keeps them.
     */
    public synchronized void resetRequests() {
        fold(System.currentTimeMillis());
        cumulative.clear();
        correctedCumulative.clear();
        failures.clear();
    }

    /**
     * The cumulative statistics at one moment; {@code corrected} holds the open model's corrected rows (empty in the
     * closed model).
     */
    public record Collected(long epochMillis, List<EndpointStats> entries, List<FailureStats> failures,
                            List<ExceptionStats> exceptions, List<EndpointStats> corrected) {
    }
}
