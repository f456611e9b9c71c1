package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.Threshold;
import dev.loadtest.api.v1alpha1.ThresholdMetric;
import dev.loadtest.api.v1alpha1.ThresholdResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThresholdsTest {

    private static StatsSnapshot snapshot() {
        EndpointStats fast = new EndpointStats(new EndpointKey("GET", "/fast"));
        EndpointStats slowGet = new EndpointStats(new EndpointKey("GET", "/slow"));
        EndpointStats slowPost = new EndpointStats(new EndpointKey("POST", "/slow"));
        for (int i = 0; i < 100; i++) {
            fast.record(10_000, 0, false, 1_000_000 + i * 100L);      // 10 ms
            slowGet.record(500_000, 0, i < 5, 1_000_000 + i * 100L); // 500 ms, 5% failures
        }
        slowPost.record(900_000, 0, false, 1_010_000);
        return new StatsSnapshot("r", "merged", null, null, 0, null, 0, List.of(fast, slowGet, slowPost), null, null);
    }

    private static Threshold threshold(ThresholdMetric metric, String endpoint, Double below, Double above) {
        Threshold t = new Threshold();
        t.setMetric(metric);
        t.setEndpoint(endpoint);
        t.setBelow(below);
        t.setAbove(above);
        return t;
    }

    @Test
    void judgesEachThresholdOnTheRowItNames() {
        List<ThresholdResult> results = Thresholds.evaluate(List.of(
                threshold(ThresholdMetric.p95, "GET /fast", 20.0, null),
                threshold(ThresholdMetric.p95, null, 300.0, null),
                threshold(ThresholdMetric.failureRatio, "GET /slow", 0.01, null),
                threshold(ThresholdMetric.max, "/slow", 1000.0, null),
                threshold(ThresholdMetric.requests, EndpointKey.AGGREGATED, null, 200.0)), snapshot());
        assertThat(results).extracting(ThresholdResult::getMet).containsExactly(true, false, false, true, true);
        assertThat(results.get(1).getValue()).isEqualTo(500.0);
        assertThat(results.get(1).getMessage()).isEqualTo("p95 of Aggregated = 500 ms, not below 300");
        assertThat(results.get(2).getValue()).isEqualTo(0.05);
        assertThat(results.get(2).getMessage()).isEqualTo("failureRatio of GET /slow = 0.05, not below 0.01");
        assertThat(results.get(3).getValue()).isEqualTo(900.0);
        assertThat(results.get(4).getValue()).isEqualTo(201.0);
        assertThat(Thresholds.allMet(results)).isFalse();
    }

    @Test
    void rpsIsMeasuredOverTheWholeRun() {
        ThresholdResult r = Thresholds.evaluate(List.of(threshold(ThresholdMetric.rps, null, null, 10.0)), snapshot())
                .getFirst();
        // 201 requests between t=1,000,000 and t=1,010,000 ms
        assertThat(r.getValue()).isEqualTo(20.1);
        assertThat(r.getMet()).isTrue();
    }

    @Test
    void aLatencyThresholdOnAnEndpointWithoutRequestsIsNotMet() {
        ThresholdResult r = Thresholds.evaluate(List.of(threshold(ThresholdMetric.p99, "/nothing", 100.0, null)),
                snapshot()).getFirst();
        assertThat(r.getMet()).isFalse();
        assertThat(r.getValue()).isNull();
        assertThat(r.getMessage()).contains("no requests");
    }

    @Test
    void abortOnFailWaitsForItsGracePeriod() {
        Threshold t = threshold(ThresholdMetric.p95, null, 300.0, null);
        t.setAbortOnFail(true);
        t.setAbortGracePeriod("30s");
        List<ThresholdResult> results = Thresholds.evaluate(List.of(t), snapshot());
        assertThat(Thresholds.abortingFailures(List.of(t), results, 10)).isEmpty();
        assertThat(Thresholds.abortingFailures(List.of(t), results, 31)).hasSize(1);
    }

    @Test
    void validationNamesTheFieldAndTheFix() {
        assertThat(Thresholds.validate(threshold(ThresholdMetric.p95, null, null, null), 2))
                .isEqualTo("spec.thresholds[2] needs 'below' or 'above' (or both), e.g. below: 300");
        assertThat(Thresholds.validate(threshold(null, null, 1.0, null), 0)).startsWith("spec.thresholds[0].metric");
    }
}
