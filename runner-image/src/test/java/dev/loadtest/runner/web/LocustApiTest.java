package dev.loadtest.runner.web;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.OpenModelStats;
import dev.loadtest.api.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocustApiTest {

    private static final long T0 = 1_767_225_600_000L;

    private static EndpointStats entry(String name, long... millis) {
        EndpointStats e = new EndpointStats(new EndpointKey("GET", name));
        for (int i = 0; i < millis.length; i++) {
            e.record(millis[i] * 1000, 10, false, T0 + i * 100L);
        }
        return e;
    }

    private static StatsSnapshot snapshot(OpenModelStats open) {
        return new StatsSnapshot("run-1", "local", null, "RUNNING", 3, Map.of(), T0 + 10_000,
                List.of(entry("/items", 1, 1, 2, 1, 2)), List.of(), List.of(), null, open);
    }

    @Test
    void aClosedModelRunHasLocustsKeysOnly() {
        Map<String, Object> body = LocustApi.statsRequests(snapshot(null), "running", 3, 1, 2);

        assertThat(body).doesNotContainKey("open_model").containsKeys("stats", "errors", "total_rps", "user_count");
    }

    @Test
    void anOpenModelRunAddsRawAndCorrectedPercentilesSideBySide() {
        OpenModelStats open = new OpenModelStats(200, 5, 7, List.of(entry("/items", 1, 1, 2, 1001, 802)));

        Map<String, Object> body = LocustApi.statsRequests(snapshot(open), "running", 3, 1, 2);

        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) body.get("open_model");
        assertThat(model).containsEntry("arrival_rate", 200.0).containsEntry("iterations", 5L)
                .containsEntry("dropped", 7L).containsEntry("percentiles", List.of(0.5, 0.95, 0.99, 1.0));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) model.get("stats");
        assertThat(rows).hasSize(2);
        assertThat(rows.getFirst()).containsEntry("name", "/items").containsEntry("num_requests", 5L)
                .containsEntry("raw_ms", List.of(1.0, 2.0, 2.0, 2.0))
                .containsEntry("corrected_num_requests", 5L)
                .containsEntry("corrected_ms", List.of(2.0, 1001.0, 1001.0, 1001.0));
        assertThat(rows.getLast()).containsEntry("method", "").containsEntry("name", "Aggregated")
                .containsEntry("corrected_ms", List.of(2.0, 1001.0, 1001.0, 1001.0));
    }
}
