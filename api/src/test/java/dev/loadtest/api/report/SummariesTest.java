package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.RunSummary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SummariesTest {

    @Test
    void theSummaryKeepsTheBusiestEndpointsAndCommonestFailuresWithNamesAndErrorsClipped() {
        List<EndpointStats> entries = new ArrayList<>();
        List<FailureStats> failures = new ArrayList<>();
        String longPath = "/search?q=" + "x".repeat(5000);
        for (int e = 0; e < 50; e++) {
            EndpointStats row = new EndpointStats(new EndpointKey("GET", longPath + e));
            for (int i = 0; i <= e; i++) {
                row.record(1000 + i, 10, false, 1_000_000 + i);
            }
            entries.add(row);
            failures.add(new FailureStats("GET", longPath + e, "HTTP 500: " + "<html>".repeat(2000) + e, e + 1,
                    1_000_000, 1_001_000));
        }
        StatsSnapshot merged = new StatsSnapshot("r", "merged", null, null, 0, Map.of(), 1_001_000, entries,
                failures, List.of());

        RunSummary s = Summaries.of(merged, 1_001_000);

        assertThat(s.getEndpointCount()).isEqualTo(50);
        assertThat(s.getEndpoints()).hasSize(Summaries.MAX_ENDPOINTS);
        assertThat(s.getEndpoints().get(0).getRequests()).isEqualTo(50); // the busiest first
        assertThat(s.getEndpoints()).allSatisfy(e -> {
            assertThat(e.getName()).hasSize(Summaries.MAX_NAME_CHARS).startsWith("/search?q=xxx").endsWith("\u2026");
        });
        assertThat(s.getFailures()).hasSize(Summaries.MAX_FAILURES).allSatisfy(f -> {
            assertThat(f.getName()).hasSize(Summaries.MAX_NAME_CHARS);
            assertThat(f.getError()).hasSize(Summaries.MAX_ERROR_CHARS).startsWith("HTTP 500: <html>");
        });
        assertThat(s.getAggregated().getRequests()).isEqualTo(50 * 51 / 2);
    }

    @Test
    void shortTextIsKeptWholeAndAClipNeverSplitsACharacter() {
        assertThat(Summaries.clip("/api/login", 300)).isEqualTo("/api/login");
        assertThat(Summaries.clip(null, 300)).isNull();
        assertThat(Summaries.clip("x".repeat(300), 300)).isEqualTo("x".repeat(300));
        String emoji = "\uD83D\uDE00"; // one character, two chars
        String clipped = Summaries.clip("ab" + emoji + "cdef", 4);
        assertThat(clipped).isEqualTo("ab\u2026");
        assertThat(Summaries.clip("abc" + emoji + "def", 5)).isEqualTo("abc\u2026");
        assertThat(Summaries.clip("abc" + emoji + "def", 6)).isEqualTo("abc" + emoji + "\u2026");
    }
}
