package dev.loadtest.api.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.loadtest.api.report.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

class ConsoleReportTest {

    @Test
    void liveTableHasLocustHeadingsRowsInNameOrderAndAggregatedLast() {
        List<String> lines = ConsoleReport.live(Snapshots.sample(), T0, T0 + 10_000).lines().toList();

        assertThat(lines.get(0)).startsWith("Type     Name ")
                .containsSubsequence("# reqs", "# fails", "Avg", "Min", "Max", "Med", "req/s", "failures/s");
        assertThat(lines.get(1)).startsWith("--------|-----");
        assertThat(lines.get(2)).startsWith("GET      /cart ");
        assertThat(lines.get(3)).startsWith("POST     /login ").contains("1(33.33%)");
        assertThat(lines.get(4)).startsWith("GET      /products ")
                .containsPattern("\\s4\\s+0\\(0\\.00%\\) \\|\\s+25\\s+10\\s+40\\s+20 \\|");
        assertThat(lines.get(5)).isEqualTo(lines.get(1));
        // current rates: 8 requests and 1 failure over the 8 whole seconds from the start to 2 s before now
        assertThat(lines.get(6)).startsWith("         Aggregated ").contains("1(12.50%)")
                .endsWith("|    1.00        0.13");
        assertThat(String.join("\n", lines)).doesNotContain("Response time percentiles", "Error report");
    }

    @Test
    void nameColumnWidensForLongNames() {
        String longName = "/" + "x".repeat(80);
        var snapshot = Snapshots.snapshot(List.of(Snapshots.entry("GET", longName, 5)), List.of(), List.of());

        List<String> lines = ConsoleReport.live(snapshot, T0, T0 + 1000).lines().toList();

        assertThat(lines.get(2)).startsWith("GET      " + longName + " ");
        assertThat(lines.get(0).indexOf("# reqs")).isGreaterThan(9 + longName.length());
    }

    @Test
    void summaryAddsPercentilesAndErrorReport() {
        String summary = ConsoleReport.summary(Snapshots.sample(), T0);

        assertThat(summary).contains("Response time percentiles (approximated)", "Error report");
        List<String> lines = summary.lines().toList();
        // total rates: 8 requests and 1 failure between the first request and the last, 0.5 s later
        assertThat(lines.get(6)).startsWith("         Aggregated ").endsWith("|   16.00        2.00");
        String percentileHeading = lines.stream().filter(l -> l.startsWith("Type") && l.contains("99.99%"))
                .findFirst().orElseThrow();
        assertThat(percentileHeading).containsSubsequence("50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%",
                "99.9%", "99.99%", "100%", "# reqs");
        assertThat(lines).anyMatch(l -> l.startsWith("GET      /products ") && l.matches(".*\\s30\\s+30\\s+.*\\s4$"));
        assertThat(lines).anyMatch(l -> l.matches("1\\s+POST /login: HTTPError\\('401 Client Error'\\)"));
    }
}
