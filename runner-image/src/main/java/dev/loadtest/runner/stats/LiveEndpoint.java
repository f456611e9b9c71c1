package dev.loadtest.runner.stats;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.runner.metrics.EndpointMeters;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * One (method, name) row on the hot path: a wait-free HdrHistogram {@link Recorder} plus striped counters, so
 * that thousands of virtual threads record without a lock and without allocating. {@link #drainInto} moves
 * what was recorded since the last drain into the cumulative {@link EndpointStats}. The row's Prometheus
 * meters, when the run has them, are looked up once here rather than per request.
 */
final class LiveEndpoint {

    final EndpointKey key;
    private final Recorder recorder = new Recorder(EndpointStats.SIGNIFICANT_DIGITS);
    private final LongAdder failures = new LongAdder();
    private final LongAdder totalMicros = new LongAdder();
    private final LongAdder contentLength = new LongAdder();
    private final LongAccumulator min = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);
    private final LongAccumulator first = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator last = new LongAccumulator(Math::max, 0);
    private final EndpointMeters meters;
    private Histogram recycled;

    LiveEndpoint(EndpointKey key, EndpointMeters meters) {
        this.key = key;
        this.meters = meters;
    }

    /** @param error null for a success */
    void record(long micros, long length, ErrorClass error, long nowMillis) {
        if (error != null) {
            failures.increment();
        }
        if (meters != null) {
            meters.record(micros, error);
        }
        totalMicros.add(micros);
        contentLength.add(length);
        min.accumulate(micros);
        max.accumulate(micros);
        first.accumulate(nowMillis);
        last.accumulate(nowMillis);
        // last, so that a drain never sees a latency whose counters it has not seen
        recorder.recordValue(Math.max(0, micros));
    }

    /** Adds everything recorded since the previous drain to {@code cumulative}; called by one thread at a time. */
    void drainInto(EndpointStats cumulative, long nowMillis) {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        long requests = interval.getTotalCount();
        long failed = failures.sumThenReset();
        long micros = totalMicros.sumThenReset();
        long bytes = contentLength.sumThenReset();
        long lo = min.getThenReset();
        long hi = max.getThenReset();
        long firstMillis = first.getThenReset();
        long lastMillis = last.getThenReset();
        if (requests > 0 || failed > 0) {
            cumulative.add(interval, failed, micros, lo, hi, bytes, firstMillis == Long.MAX_VALUE ? nowMillis : firstMillis,
                    lastMillis == 0 ? nowMillis : lastMillis);
            cumulative.addPerSecond(nowMillis / 1000, requests, failed);
        }
        recycled = interval;
    }
}
