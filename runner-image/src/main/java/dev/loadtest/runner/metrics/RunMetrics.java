package dev.loadtest.runner.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * One run's metrics in Prometheus form, served at {@code GET /metrics}. Each run gets its own registry: the
 * run id is a label on every meter, and counters start from zero with the run, so that a counter's value is
 * the run's total so far (what the dashboard's tables read) and a new run never inherits an old one's counts.
 *
 * <p>Meters, as Prometheus names them: {@code loadtest_requests_seconds} (histogram, plus Micrometer's
 * {@code _max}), {@code loadtest_requests_total}, {@code loadtest_request_failures_total} (with
 * {@code error_class}), {@code loadtest_users}, {@code loadtest_users_spawned_total}; each labelled
 * {@code namespace}, {@code loadtest}, {@code run_id}, {@code runner}. In the open model (an arrival rate) also
 * {@code loadtest_requests_corrected_seconds} (the corrected response times, a histogram with the same buckets),
 * {@code loadtest_iterations_total}, {@code loadtest_iterations_dropped_total} and {@code loadtest_arrival_rate}
 * (iterations per second asked of this runner). docs/grafana.md is the reference.
 */
public final class RunMetrics implements AutoCloseable {

    /** The response-time histograms' Prometheus names, without the {@code _seconds} unit. */
    static final String REQUESTS = "loadtest_requests";
    static final String REQUESTS_TOTAL = "loadtest.requests.total";
    static final String FAILURES = "loadtest.request.failures";
    static final String CORRECTED = "loadtest_requests_corrected";

    /**
     * Fixed bucket bounds, the same on every runner and in every version, so that {@code histogram_quantile}
     * can sum buckets across pods and runs. 1 ms to 60 s in 1-2.5-5 steps: a quantile is interpolated within
     * its bucket, so it is exact at these bounds and approximate in between.
     */
    public static final List<Duration> LATENCY_BUCKETS = List.of(
            Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter spawned;
    private final LatencyCollector latencies;
    private final LatencyCollector correctedLatencies;
    private List<Object> openModelSources = List.of();

    /** @param activeUsers read at every scrape: the users running now */
    public RunMetrics(MetricLabels labels, String runId, IntSupplier activeUsers) {
        registry.config().commonTags(Tags.of("namespace", labels.namespace(), "loadtest", labels.loadtest(),
                "run_id", runId, "runner", labels.runner()));
        Gauge.builder("loadtest.users", activeUsers::getAsInt)
                .description("Users running now")
                .register(registry);
        spawned = Counter.builder("loadtest.users.spawned")
                .description("Users started in this run, including those stopped since")
                .register(registry);
        // The response-time histograms are the run's own (LatencyHistogram), cheaper per request than a timer's;
        // they carry the labels Micrometer gives its meters.
        io.prometheus.metrics.model.snapshots.Labels runLabels = io.prometheus.metrics.model.snapshots.Labels.of(
                "namespace", labels.namespace(), "loadtest", labels.loadtest(), "run_id", runId,
                "runner", labels.runner());
        latencies = new LatencyCollector(REQUESTS, "Response times of requests, by method and name", runLabels);
        correctedLatencies = new LatencyCollector(CORRECTED, "Response times counted from each request's intended "
                + "start in the open model (corrected for coordinated omission), by method and name", runLabels);
        registry.getPrometheusRegistry().register(latencies);
        registry.getPrometheusRegistry().register(correctedLatencies);
    }

    /** The meters of a (method, name) row; call once per row and keep them. */
    public EndpointMeters endpoint(String method, String name) {
        return new EndpointMeters(registry, latencies, method, name);
    }

    /** The corrected-latency meter of a (method, name) row in the open model; call once per row and keep it. */
    public CorrectedMeters corrected(String method, String name) {
        return new CorrectedMeters(correctedLatencies, method, name);
    }

    /** Registers the open model's counters, read at every scrape; call once, when the run starts in the open model. */
    public void openModel(java.util.function.LongSupplier iterations, java.util.function.LongSupplier dropped,
                          java.util.function.DoubleSupplier arrivalRate) {
        // function counters hold what they read weakly: keep the suppliers as long as these metrics
        openModelSources = List.of(iterations, dropped, arrivalRate);
        io.micrometer.core.instrument.FunctionCounter.builder("loadtest.iterations", iterations,
                        LongSupplierValue::of)
                .description("Iterations (task runs) started by the open model's schedule")
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("loadtest.iterations.dropped", dropped,
                        LongSupplierValue::of)
                .description("Iterations that were due but could not start: every user under the ceiling stayed busy")
                .register(registry);
        Gauge.builder("loadtest.arrival.rate", arrivalRate, java.util.function.DoubleSupplier::getAsDouble)
                .description("Iterations per second asked of this runner")
                .strongReference(true)
                .register(registry);
    }

    /** A method reference target: FunctionCounter wants a ToDoubleFunction. */
    private static final class LongSupplierValue {
        static double of(java.util.function.LongSupplier s) {
            return s.getAsLong();
        }
    }

    public void userSpawned() {
        spawned.increment();
    }

    /** The exposition in Prometheus text format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        registry.close();
    }
}
