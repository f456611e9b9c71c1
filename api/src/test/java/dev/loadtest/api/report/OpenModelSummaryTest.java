package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.OpenModelStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.RunSummary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpenModelSummaryTest {

    @Test
    void theStatusShowsIterationsDropsAndCorrectedPercentilesBesideTheRawOnesBounded() {
        List<EndpointStats> raw = new ArrayList<>();
        List<EndpointStats> corrected = new ArrayList<>();
        for (int e = 0; e < 30; e++) {
            EndpointStats r = new EndpointStats(new EndpointKey("GET", "/e" + e));
            EndpointStats c = new EndpointStats(new EndpointKey("GET", "/e" + e));
            for (int i = 0; i < 100 + e; i++) {
                r.record(1000, 0, false, 1_000_000 + i);
                c.record(i < 90 ? 1000 : 900_000, 0, false, 1_000_000 + i); // the last tenth waited on a stall
            }
            raw.add(r);
            corrected.add(c);
        }
        StatsSnapshot s = new StatsSnapshot("run", "merged", null, null, 4, Map.of(), 1_001_000, raw, List.of(),
                List.of(), null, new OpenModelStats(250, 4000, 12, corrected));
        RunSummary summary = Summaries.of(s, 1_001_000);
        assertThat(summary.getAggregated().getP99Ms()).isEqualTo(1.0);
        assertThat(summary.getOpenModel().getCorrectedAggregated().getP99Ms()).isEqualTo(900.0);
        assertThat(summary.getOpenModel().getDroppedIterations()).isEqualTo(12);
        assertThat(summary.getOpenModel().getCorrectedAggregated().getMethod())
                .as("left out: an empty string in a status patch can reach the API server as null").isNull();
        assertThat(summary.getOpenModel().getIterations()).isEqualTo(4000);
        assertThat(summary.getOpenModel().getArrivalRate()).isEqualTo(250.0);
        assertThat(summary.getOpenModel().getCorrectedEndpoints()).hasSize(Summaries.MAX_CORRECTED_ENDPOINTS)
                .first().satisfies(e -> assertThat(e.getName()).isEqualTo("/e29"));
    }

    @Test
    void aClosedModelRunHasNoOpenModelSummary() {
        StatsSnapshot s = new StatsSnapshot("run", "merged", null, null, 1, Map.of(), 1, List.of(), List.of(),
                List.of());
        assertThat(Summaries.of(s, 1).getOpenModel()).isNull();
    }
}
