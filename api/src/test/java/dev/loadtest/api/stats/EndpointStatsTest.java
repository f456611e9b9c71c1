package dev.loadtest.api.stats;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EndpointStatsTest {

    private static final EndpointKey KEY = new EndpointKey("GET", "/items");

    @Test
    void mergedHistogramsGiveTheSamePercentilesAsOneHistogramThatSawEverySample() {
        Random random = new Random(42);
        EndpointStats all = new EndpointStats(KEY);
        EndpointStats[] runners = {new EndpointStats(KEY), new EndpointStats(KEY), new EndpointStats(KEY)};
        long t = 1_700_000_000_000L;
        for (int i = 0; i < 200_000; i++) {
            // log-normal-ish latencies from 50 us to several seconds
            long micros = (long) Math.exp(7 + 2.5 * Math.abs(random.nextGaussian()));
            boolean failed = random.nextInt(100) == 0;
            long size = random.nextInt(5000);
            long when = t + i / 10;
            all.record(micros, size, failed, when);
            runners[random.nextInt(3)].record(micros, size, failed, when);
        }
        EndpointStats merged = new EndpointStats(KEY);
        for (EndpointStats r : runners) {
            merged.merge(r);
        }
        assertThat(merged.histogram()).isEqualTo(all.histogram());
        for (double p : Percentiles.TO_REPORT) {
            assertThat(merged.percentileMs(p)).as("p%s", p).isEqualTo(all.percentileMs(p));
        }
        assertThat(merged.medianMs()).isEqualTo(all.medianMs());
        assertThat(merged.numRequests()).isEqualTo(all.numRequests()).isEqualTo(200_000);
        assertThat(merged.numFailures()).isEqualTo(all.numFailures());
        assertThat(merged.minResponseTimeMs()).isEqualTo(all.minResponseTimeMs());
        assertThat(merged.maxResponseTimeMs()).isEqualTo(all.maxResponseTimeMs());
        assertThat(merged.avgResponseTimeMs()).isEqualTo(all.avgResponseTimeMs());
        assertThat(merged.avgContentLength()).isEqualTo(all.avgContentLength());
        assertThat(merged.startTimeEpochMillis()).isEqualTo(all.startTimeEpochMillis());
        assertThat(merged.lastRequestEpochMillis()).isEqualTo(all.lastRequestEpochMillis());
        assertThat(merged.currentRps(t, t + 20_000)).isEqualTo(all.currentRps(t, t + 20_000));
    }

    @Test
    void percentilesFollowLocustsRankRuleAndTheMedianIsTheLowerMedian() {
        EndpointStats s = new EndpointStats(KEY);
        for (long ms : new long[]{10, 20, 30, 40}) {
            s.record(ms * 1000, 0, false, 1000);
        }
        // Locust: median = value at floor((N-1)/2) = 20; p50 = value at min(int(N*0.5), N-1) = 30
        assertThat(s.medianMs()).isCloseTo(20, within(0.02));
        assertThat(s.percentileMs(0.5)).isCloseTo(30, within(0.03));
        assertThat(s.percentileMs(0.95)).isCloseTo(40, within(0.04));
        assertThat(s.percentileMs(1.0)).isEqualTo(40.0);
        assertThat(s.avgResponseTimeMs()).isEqualTo(25.0);
    }

    @Test
    void percentilesAreReportedAtThreeSignificantDigitsNotLocustsTwo() {
        EndpointStats s = new EndpointStats(KEY);
        s.record(147_000, 0, false, 1000); // Locust would report 150
        s.record(1_234_000, 0, false, 1000); // Locust would report 1200
        assertThat(s.percentileMs(0.0)).isCloseTo(147.0, within(0.147));
        assertThat(s.percentileMs(1.0)).isEqualTo(1234.0);
        assertThat(s.percentileMs(0.5)).isCloseTo(1234.0, within(1.234));
    }

    @Test
    void percentilesNeverLeaveTheExactMinMaxRange() {
        EndpointStats s = new EndpointStats(KEY);
        s.record(123_456, 0, false, 1000);
        assertThat(s.percentileMs(0.5)).isEqualTo(123.456);
        assertThat(s.percentileMs(1.0)).isEqualTo(123.456);
        assertThat(s.medianMs()).isEqualTo(123.456);
    }

    @Test
    void emptyStatsReportZeros() {
        EndpointStats s = new EndpointStats(KEY);
        assertThat(s.percentileMs(0.95)).isZero();
        assertThat(s.medianMs()).isZero();
        assertThat(s.avgResponseTimeMs()).isZero();
        assertThat(s.minResponseTimeMs()).isZero();
        assertThat(s.failRatio()).isZero();
    }

    @Test
    void failRatioIsOneWhenThereAreFailuresButNoRequests() {
        EndpointStats s = new EndpointStats(KEY);
        s.add(new org.HdrHistogram.Histogram(3), 2, 0, 0, 0, 0, 1000, 1000);
        assertThat(s.failRatio()).isEqualTo(1.0);
    }

    @Test
    void currentRpsIsTheMeanOfTheTenSecondsEndingTwoSecondsBeforeTheLastRequest() {
        EndpointStats s = new EndpointStats(KEY);
        long start = 100_000;
        for (int second = 100; second < 130; second++) {
            int perSecond = second >= 118 && second < 128 ? 7 : 3;
            for (int i = 0; i < perSecond; i++) {
                s.record(1000, 0, i == 0, second * 1000L + i);
            }
        }
        // window [130-12, 130-2) = [118, 128): 7 per second, 1 failure per second
        assertThat(s.currentRps(start, 130_500)).isEqualTo(7.0);
        assertThat(s.currentFailPerSec(start, 130_500)).isEqualTo(1.0);
        // total over the run: requests / (last - start)
        assertThat(s.totalRps(start, 130_000)).isCloseTo(s.numRequests() / 30.0, within(1e-9));
    }

    @Test
    void currentRpsIsClippedToTheStartOfTheTest() {
        EndpointStats s = new EndpointStats(KEY);
        for (int second = 100; second < 106; second++) {
            for (int i = 0; i < 4; i++) {
                s.record(1000, 0, false, second * 1000L);
            }
        }
        // window [max(106-12, 100), 104) = [100, 104): 4 seconds of 4
        assertThat(s.currentRps(100_000, 106_000)).isEqualTo(4.0);
    }

    @Test
    void perSecondCountsAreBounded() {
        EndpointStats s = new EndpointStats(KEY);
        for (int second = 0; second < 10_000; second++) {
            s.record(1000, 0, false, second * 1000L);
        }
        assertThat(s.jsonPerSecond().populated()).isEqualTo(EndpointStats.RETAINED_SECONDS + 1);
        assertThat(s.jsonPerSecond().jsonRequests()).hasSize(EndpointStats.RETAINED_SECONDS + 1);
    }

    @Test
    void interiorPercentilesAreRoundedToThreeSignificantDigits() {
        EndpointStats s = new EndpointStats(KEY);
        for (int i = 0; i < 10; i++) {
            s.record(500_000, 0, false, 1000);
        }
        s.record(1_000, 0, false, 1000);
        s.record(2_000_000, 0, false, 1000);
        assertThat(s.percentileMs(0.5)).isEqualTo(500.0);
        assertThat(EndpointStats.toSignificantDigits(1_234_944)).isEqualTo(1_230_000);
        assertThat(EndpointStats.toSignificantDigits(457)).isEqualTo(457);
    }
}
