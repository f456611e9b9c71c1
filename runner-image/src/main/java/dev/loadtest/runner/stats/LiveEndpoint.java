package dev.loadtest.runner.stats;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.runner.metrics.CorrectedMeters;
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
    /** Set on the open model's corrected twin of a row instead of {@link #meters}: latencies only. */
    private final CorrectedMeters correctedMeters;
    /** The open model's corrected twin of this row, made on its first corrected request. */
    private volatile LiveEndpoint corrected;
    private Histogram recycled;
    /*
     * A request recorded while a drain runs can have its counters drained before its latency reaches the
     * recorder. When such a drain finds no latency at all, what it did drain waits here for the next one,
     * instead of being dropped with the empty interval. Touched only by the draining thread.
     */
    private long pendingMicros;
    private long pendingBytes;
    private long pendingMin = Long.MAX_VALUE;
    private long pendingMax;
    private long pendingFirst = Long.MAX_VALUE;
    private long pendingLast;

    LiveEndpoint(EndpointKey key, EndpointMeters meters) {
        this(key, meters, null);
    }

    private LiveEndpoint(EndpointKey key, EndpointMeters meters, CorrectedMeters correctedMeters) {
        this.key = key;
        this.meters = meters;
        this.correctedMeters = correctedMeters;
    }

    /** The corrected twin of this row, made once; {@code meters} feeds its Prometheus histogram (null for none). */
    LiveEndpoint corrected(java.util.function.Supplier<CorrectedMeters> meters) {
        LiveEndpoint c = corrected;
        if (c == null) {
            synchronized (this) {
                c = corrected;
                if (c == null) {
                    c = new LiveEndpoint(key, null, meters.get());
                    corrected = c;
                }
            }
        }
        return c;
    }

    /** The corrected twin, or null while this row has none. */
    LiveEndpoint correctedOrNull() {
        return corrected;
    }

    /** @param error null for a success */
    void record(long micros, long length, ErrorClass error, long nowMillis) {
        recordCounters(micros, length, error, nowMillis);
        // last, so that a drain never sees a latency whose counters it has not seen
        recordLatency(micros);
    }

    /** The first half of {@link #record}; apart so that a test can drain between the halves. */
    void recordCounters(long micros, long length, ErrorClass error, long nowMillis) {
        if (error != null) {
            failures.increment();
        }
        if (meters != null) {
            meters.record(micros, error, nowMillis);
        }
        if (correctedMeters != null) {
            correctedMeters.record(micros, nowMillis);
        }
        totalMicros.add(micros);
        contentLength.add(length);
        min.accumulate(micros);
        max.accumulate(micros);
        first.accumulate(nowMillis);
        last.accumulate(nowMillis);
    }

    /** The second half of {@link #record}. */
    void recordLatency(long micros) {
        recorder.recordValue(Math.max(0, micros));
    }

    /** Adds everything recorded since the previous drain to {@code cumulative}; called by one thread at a time. */
    void drainInto(EndpointStats cumulative, long nowMillis) {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        long requests = interval.getTotalCount();
        long failed = failures.sumThenReset();
        long micros = totalMicros.sumThenReset() + pendingMicros;
        long bytes = contentLength.sumThenReset() + pendingBytes;
        long lo = Math.min(min.getThenReset(), pendingMin);
        long hi = Math.max(max.getThenReset(), pendingMax);
        long firstMillis = Math.min(first.getThenReset(), pendingFirst);
        long lastMillis = Math.max(last.getThenReset(), pendingLast);
        if (requests > 0 || failed > 0) {
            cumulative.add(interval, failed, micros, lo, hi, bytes, firstMillis == Long.MAX_VALUE ? nowMillis : firstMillis,
                    lastMillis == 0 ? nowMillis : lastMillis);
            cumulative.addPerSecond(nowMillis / 1000, requests, failed);
            micros = 0;
            bytes = 0;
            lo = Long.MAX_VALUE;
            hi = 0;
            firstMillis = Long.MAX_VALUE;
            lastMillis = 0;
        }
        pendingMicros = micros;
        pendingBytes = bytes;
        pendingMin = lo;
        pendingMax = hi;
        pendingFirst = firstMillis;
        pendingLast = lastMillis;
        recycled = interval;
    }
}
