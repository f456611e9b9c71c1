package dev.loadtest.runner.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * The open model's corrected response times of one (method, name) row, in their own histogram
 * ({@code loadtest_requests_corrected_seconds}, the same buckets as {@code loadtest_requests_seconds}), so that a
 * dashboard can put the two side by side. Failures are counted once, by the raw row.
 */
public final class CorrectedMeters {

    private final Timer latency;

    CorrectedMeters(MeterRegistry registry, String method, String name) {
        this.latency = Timer.builder(RunMetrics.CORRECTED)
                .description("Response times counted from each request's intended start in the open model "
                        + "(corrected for coordinated omission), by method and name")
                .tags(Tags.of("method", method, "name", name))
                .serviceLevelObjectives(RunMetrics.LATENCY_BUCKETS.toArray(java.time.Duration[]::new))
                .register(registry);
    }

    public void record(long micros) {
        latency.record(Math.max(0, micros), TimeUnit.MICROSECONDS);
    }
}
