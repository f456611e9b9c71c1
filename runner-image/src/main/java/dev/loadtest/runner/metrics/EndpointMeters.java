package dev.loadtest.runner.metrics;

import dev.loadtest.runner.stats.ErrorClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one (method, name) row, looked up once when the row appears, so that recording a request
 * is one {@link LatencyHistogram} update (a bucket increment, a striped sum, a maximum), with no tag lists built,
 * no registry lookups and no clock read. Failure counters are registered on a row's first failure of each class: rows that never fail add
 * no series.
 */
public final class EndpointMeters {

    private static final int ERROR_CLASSES = ErrorClass.values().length;

    private final MeterRegistry registry;
    private final Tags tags;
    private final LatencyHistogram latency;
    private final AtomicReferenceArray<Counter> failures = new AtomicReferenceArray<>(ERROR_CLASSES);

    EndpointMeters(MeterRegistry registry, LatencyCollector latencies, String method, String name) {
        this.registry = registry;
        this.tags = Tags.of("method", method, "name", name);
        this.latency = latencies.row(method, name);
        // The histogram counts requests already: the counter reads that count at scrape time, costing nothing here.
        // It holds the histogram weakly, but the collector holds it strongly for as long as the run's registry.
        FunctionCounter.builder(RunMetrics.REQUESTS_TOTAL, latency, LatencyHistogram::count)
                .description("Requests sent, by method and name")
                .tags(tags)
                .register(registry);
    }

    /** Records one request; {@code error} is null for a success, {@code nowMillis} the wall clock read for it. */
    public void record(long micros, ErrorClass error, long nowMillis) {
        latency.record(micros, nowMillis);
        if (error != null) {
            failures(error).increment();
        }
    }

    private Counter failures(ErrorClass error) {
        Counter counter = failures.get(error.ordinal());
        if (counter == null) {
            // registering twice returns the same counter, so a race here only costs a lookup
            counter = Counter.builder(RunMetrics.FAILURES)
                    .description("Failed requests, by method, name and error class")
                    .tags(tags)
                    .tag("error_class", error.label())
                    .register(registry);
            failures.set(error.ordinal(), counter);
        }
        return counter;
    }
}
