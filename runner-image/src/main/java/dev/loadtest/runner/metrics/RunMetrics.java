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
 * {@code namespace}, {@code loadtest}, {@code run_id}, {@code runner}. docs/grafana.md is the reference.
 */
public final class RunMetrics implements AutoCloseable {

    static final String REQUESTS = "loadtest.requests";
    static final String REQUESTS_TOTAL = "loadtest.requests.total";
    static final String FAILURES = "loadtest.request.failures";

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
    }

    /** The meters of a (method, name) row; call once per row and keep them. */
    public EndpointMeters endpoint(String method, String name) {
        return new EndpointMeters(registry, method, name);
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
