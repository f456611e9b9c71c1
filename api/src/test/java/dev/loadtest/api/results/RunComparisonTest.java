package dev.loadtest.api.results;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunComparisonTest {

    static final long T0 = 1_767_225_600_000L;

    /** {@code count} requests of {@code millis} each, spread over 10 s; every {@code failEvery}-th fails. */
    static EndpointStats entry(String method, String name, int count, long millis, int failEvery) {
        EndpointStats stats = new EndpointStats(new EndpointKey(method, name));
        for (int i = 0; i < count; i++) {
            stats.record(millis * 1000, 10, failEvery > 0 && i % failEvery == 0, T0 + (long) i * 10_000 / (count - 1));
        }
        return stats;
    }

    static StatsSnapshot snapshot(EndpointStats... entries) {
        return new StatsSnapshot("r", "merged", null, null, 0, Map.of(), T0, List.of(entries), List.of(), List.of());
    }

    @Test
    void deltasAreSignedWithTheirChangeInPercent() {
        StatsSnapshot a = snapshot(entry("GET", "/cart", 1_001, 20, 0), entry("GET", "/old", 11, 5, 0));
        StatsSnapshot b = snapshot(entry("GET", "/cart", 1_201, 15, 100), entry("POST", "/new", 11, 5, 0));

        List<RunComparison.Delta> deltas = RunComparison.deltas(a, b);
        String table = RunComparison.render("ns/shop/a", "ns/shop/b", deltas);

        RunComparison.Delta cartRequests = deltas.stream().filter(d -> d.endpoint().name().equals("/cart")
                && d.metric().equals("requests")).findFirst().orElseThrow();
        assertThat(cartRequests.difference()).isEqualTo(200.0);
        assertThat(cartRequests.percent()).isCloseTo(19.98, org.assertj.core.data.Offset.offset(0.01));
        assertThat(table.lines()).contains(
                "A: ns/shop/a",
                "B: ns/shop/b");
        assertThat(table).containsPattern("GET\\s+/cart\\s+requests\\s+1001\\s+1201\\s+\\+200\\s+\\+20\\.0%");
        assertThat(table).containsPattern("\\n\\s+failures\\s+0\\s+13\\s+\\+13\\s+n/a");
        // 1001 requests over 10 s, then 1201
        assertThat(table).containsPattern("\\n\\s+rps\\s+100\\.1\\s+120\\.1\\s+\\+20\\s+\\+20\\.0%");
        assertThat(table).containsPattern("\\n\\s+p95 ms\\s+20\\s+15\\s+-5\\s+-25\\.0%");
        assertThat(table).containsPattern("GET\\s+/old\\s+requests\\s+11\\s+-\\s+-\\s+gone");
        assertThat(table).containsPattern("POST\\s+/new\\s+requests\\s+-\\s+11\\s+-\\s+new");
        // the Aggregated row last, over both endpoints of each run
        assertThat(table).containsPattern("Aggregated\\s+requests\\s+1012\\s+1212\\s+\\+200\\s+\\+19\\.8%");
        assertThat(table.indexOf("Aggregated")).isGreaterThan(table.indexOf("/old"));
    }
}
