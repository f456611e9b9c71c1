package dev.loadtest.operator.runner;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MergedStatsTest {

    private static StatsSnapshot runner(int i) {
        EndpointStats a = new EndpointStats(new EndpointKey("GET", "/a"));
        EndpointStats b = new EndpointStats(new EndpointKey("POST", "/b" + (i % 2)));
        for (int n = 0; n < 100 + i; n++) {
            a.record(1000L * (n + i), 10, n % 10 == 0, 1_000_000 + n);
            b.record(500L * (n + 1), 10, false, 1_000_000 + n);
        }
        return new StatsSnapshot("r", "runner-" + i, "x", "RUNNING", 2, Map.of("U", 2), 1_001_000, List.of(a, b),
                List.of(), List.of());
    }

    @Test
    void foldingOneAtATimeEqualsMergingAllAtOnce() {
        List<StatsSnapshot> all = new ArrayList<>();
        MergedStats fold = new MergedStats("r");
        for (int i = 0; i < 27; i++) {
            all.add(runner(i));
            fold.add(runner(i));
        }
        StatsSnapshot bulk = StatsSnapshot.merge("r", all);
        StatsSnapshot folded = fold.result();
        assertThat(folded.userCount()).isEqualTo(54);
        assertThat(folded.entries()).extracting(EndpointStats::key).isEqualTo(bulk.entries().stream().map(EndpointStats::key).toList());
        for (int i = 0; i < bulk.entries().size(); i++) {
            assertThat(folded.entries().get(i).histogram()).isEqualTo(bulk.entries().get(i).histogram());
            assertThat(folded.entries().get(i).numFailures()).isEqualTo(bulk.entries().get(i).numFailures());
        }
        assertThat(folded.total().percentileMs(0.95)).isEqualTo(bulk.total().percentileMs(0.95));
    }

    @Test
    void nothingAddedIsAnEmptyMerge() {
        assertThat(new MergedStats("r").result().total().numRequests()).isZero();
    }
}
