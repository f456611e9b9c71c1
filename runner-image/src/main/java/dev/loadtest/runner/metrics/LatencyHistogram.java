package dev.loadtest.runner.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One row's response times in the fixed Prometheus buckets of {@link RunMetrics#LATENCY_BUCKETS}, recorded on the hot
 * path at the cost of a few comparisons and two atomic adds. It replaces a Micrometer timer, which cost as much as the
 * rest of the statistics together (two clock reads, a binary search and a ring of time windows per request), and is
 * exposed by {@link LatencyCollector} under the names the timer had.
 *
 * <p>The {@code _max} keeps the timer's meaning, the longest response time of the last two minutes or so: a ring of
 * three maxima, each covering {@value #MAX_WINDOW_MILLIS} ms more than the one before, rotated by the millisecond
 * clock the caller has already read for the request.
 */
final class LatencyHistogram {

    /** Micrometer's default expiry (2 minutes) over its default ring of 3. */
    static final long MAX_WINDOW_MILLIS = 40_000;
    private static final int MAX_RING = 3;
    private static final long[] BOUNDS_MICROS = RunMetrics.LATENCY_BUCKETS.stream()
            .mapToLong(d -> d.toNanos() / 1000).toArray();
    static final double[] BOUNDS_SECONDS;

    static {
        List<java.time.Duration> bounds = RunMetrics.LATENCY_BUCKETS;
        BOUNDS_SECONDS = new double[bounds.size() + 1];
        for (int i = 0; i < bounds.size(); i++) {
            BOUNDS_SECONDS[i] = bounds.get(i).toNanos() / 1e9;
        }
        BOUNDS_SECONDS[bounds.size()] = Double.POSITIVE_INFINITY;
    }

    final String method;
    final String name;
    /** Requests per bucket, not cumulative; the last is +Inf. */
    private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS_MICROS.length + 1);
    private final LongAdder sumMicros = new LongAdder();
    private final AtomicLong[] maxima = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    /** The ring's slot that {@code _max} reads; the others started later and are its successors. */
    private volatile int current;
    private volatile long rotateAtMillis;

    LatencyHistogram(String method, String name) {
        this.method = method;
        this.name = name;
        this.rotateAtMillis = System.currentTimeMillis() + MAX_WINDOW_MILLIS;
    }

    /** Records a response time; {@code nowMillis} is the wall clock the caller read for this request. */
    void record(long micros, long nowMillis) {
        long value = Math.max(0, micros);
        int i = 0;
        while (i < BOUNDS_MICROS.length && value > BOUNDS_MICROS[i]) {
            i++;
        }
        buckets.getAndIncrement(i);
        sumMicros.add(value);
        if (nowMillis - rotateAtMillis >= 0) {
            rotate(nowMillis);
        }
        for (AtomicLong max : maxima) {
            long seen = max.get();
            while (value > seen && !max.compareAndSet(seen, value)) {
                seen = max.get();
            }
        }
    }

    /** Drops the oldest maximum: its successor, which has seen one window less, becomes the one read. */
    private synchronized void rotate(long nowMillis) {
        if (nowMillis - rotateAtMillis >= MAX_RING * MAX_WINDOW_MILLIS) {
            // idle for longer than the ring remembers (or the clock jumped): every maximum has expired
            for (AtomicLong max : maxima) {
                max.set(0);
            }
            rotateAtMillis = nowMillis + MAX_WINDOW_MILLIS;
            return;
        }
        while (nowMillis - rotateAtMillis >= 0) {
            maxima[current].set(0);
            current = (current + 1) % MAX_RING;
            rotateAtMillis += MAX_WINDOW_MILLIS;
        }
    }

    /** Requests per bucket (the last is +Inf), read one bucket at a time: a scrape during requests is near enough. */
    long[] buckets() {
        long[] counts = new long[buckets.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets.get(i);
        }
        return counts;
    }

    long count() {
        long n = 0;
        for (int i = 0; i < buckets.length(); i++) {
            n += buckets.get(i);
        }
        return n;
    }

    double sumSeconds() {
        return sumMicros.sum() / 1e6;
    }

    /** The longest response time of the last two to two and two-thirds minutes, in seconds. */
    double maxSeconds(long nowMillis) {
        if (nowMillis - rotateAtMillis >= 0) {
            rotate(nowMillis);
        }
        return maxima[current].get() / 1e6;
    }
}
