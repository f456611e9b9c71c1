package dev.loadtest.runner.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTest {

    @Test
    void aResponseTimeOnABoundCountsInThatBucketAsPrometheusLeSays() {
        LatencyHistogram h = new LatencyHistogram("GET", "/");
        long now = System.currentTimeMillis();
        h.record(1_000, now);      // exactly 1 ms: le="0.001"
        h.record(1_001, now);      // just over: le="0.0025"
        h.record(-5, now);         // a clock step backwards counts as 0
        h.record(61_000_000, now); // past the last bound: +Inf
        long[] buckets = h.buckets();
        assertThat(buckets).hasSize(LatencyHistogram.BOUNDS_SECONDS.length);
        assertThat(buckets[0]).isEqualTo(2);
        assertThat(buckets[1]).isEqualTo(1);
        assertThat(buckets[buckets.length - 1]).isEqualTo(1);
        assertThat(h.count()).isEqualTo(4);
        assertThat(h.sumSeconds()).isEqualTo(61.002001);
    }

    @Test
    void theMaximumIsTheLongestOfTheLastWindowsAndExpiresAsMicrometersDid() {
        LatencyHistogram h = new LatencyHistogram("GET", "/");
        long t = System.currentTimeMillis();
        long window = LatencyHistogram.MAX_WINDOW_MILLIS;
        h.record(9_000_000, t);
        h.record(2_000, t + window + 1);
        assertThat(h.maxSeconds(t + window + 2)).as("still within the ring").isEqualTo(9.0);
        assertThat(h.maxSeconds(t + 3 * window + 1)).as("every window that saw 9 s has expired").isEqualTo(0.002);
        assertThat(h.maxSeconds(t + 10 * window)).as("idle past the ring: nothing left").isZero();
        h.record(3_000, t + 10 * window);
        assertThat(h.maxSeconds(t + 10 * window)).isEqualTo(0.003);
    }
}
