package dev.loadtest.operator.results;

import dev.loadtest.api.results.PersistedRun;
import dev.loadtest.api.results.PersistedRunCodec;
import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.ThresholdResult;
import dev.loadtest.operator.Fixtures;
import dev.loadtest.operator.resources.Names;
import dev.loadtest.operator.status.Phase;
import dev.loadtest.operator.status.RunObservation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunResultsTest {

    static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aFinishedRunIsKeptWithWhatItsReportsSayAndItsChartsAsPolled() {
        LoadTest lt = Fixtures.loadTest("shop-test");
        LoadTestStatus before = new LoadTestStatus();
        before.setStartTime(START.toString());
        ThresholdResult p95 = new ThresholdResult();
        p95.setMetric("p95");
        p95.setMet(false);
        p95.setMessage("p95 of Aggregated = 900 ms, not below 500");
        RunObservation finished = RunObservation.builder("r1", Phase.Failed, "ThresholdsNotMet", "Run r1 failed.")
                .completionTime(START.plusSeconds(61)).thresholds(true, List.of(p95)).build();
        EndpointStats cart = new EndpointStats(new EndpointKey("GET", "/cart"));
        RunRecorder recorder = new RunRecorder();
        for (int s = 0; s < 60; s++) {
            cart.record(900_000, 10, false, START.plusSeconds(s).toEpochMilli());
            StatsSnapshot merged = new StatsSnapshot("r1", "merged", null, null, 10, Map.of(),
                    START.plusSeconds(s).toEpochMilli(), List.of(cart.copy(cart.key())), List.of(), List.of());
            if (s % 3 == 0) {
                recorder.record(merged, 10, START.plusSeconds(s));
            }
        }
        StatsSnapshot last = new StatsSnapshot("r1", "merged", null, null, 0, Map.of(), START.plusSeconds(60)
                .toEpochMilli(), List.of(cart), List.of(), List.of());

        PersistedRun run = PersistedRunCodec.decode(PersistedRunCodec.encode(
                RunResults.of(lt, before, finished, last, recorder, true)));

        assertThat(run.reference()).isEqualTo("shop/shop-test/r1");
        assertThat(run.host()).isEqualTo("http://shop.shop.svc:8080");
        assertThat(run.loadfile()).isEqualTo("ShopUser.java");
        assertThat(run.users()).isEqualTo(10);
        assertThat(run.startEpochMillis()).isEqualTo(START.toEpochMilli());
        assertThat(run.endEpochMillis()).isEqualTo(START.plusSeconds(61).toEpochMilli());
        assertThat(run.phase()).isEqualTo("Failed");
        assertThat(run.reason()).isEqualTo("ThresholdsNotMet");
        assertThat(run.thresholds()).singleElement().satisfies(t ->
                assertThat(t.getMessage()).isEqualTo("p95 of Aggregated = 900 ms, not below 500"));
        assertThat(run.history()).hasSize(20);
        assertThat(run.historyCsvRows()).hasSize(20);
        assertThat(run.statsHistoryCsv().lines().skip(1).findFirst().orElseThrow())
                .startsWith(START.getEpochSecond() + ",10,,Aggregated,");
        assertThat(run.statsCsv()).contains("GET,/cart,60,0,900,900,900,900,10,");
        assertThat(run.html()).contains("http://shop.shop.svc:8080").contains("<polyline");
    }

    @Test
    void partsAreNamedAfterTheLoadTestAndTheRunWithinTheNameLimit() {
        assertThat(Names.results("shop", "r1", 0)).isEqualTo("shop-r1-results");
        assertThat(Names.results("shop", "r1", 2)).isEqualTo("shop-r1-results-2");
        assertThat(Names.results("a".repeat(80), "k3x9qa", 3)).hasSizeLessThanOrEqualTo(Names.MAX_LENGTH)
                .endsWith("-k3x9qa-results-3");
    }
}
