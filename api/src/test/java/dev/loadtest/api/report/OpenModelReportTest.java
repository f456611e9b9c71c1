package dev.loadtest.api.report;

import dev.loadtest.api.stats.OpenModelStats;
import dev.loadtest.api.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpenModelReportTest {

    @TempDir
    Path dir;

    /** Raw times of 1-2 ms; the same requests counted from their intended start, two of them after a 1 s stall. */
    private static StatsSnapshot open() {
        var raw = List.of(Snapshots.entry("GET", "/items", 1, 1, 2, 1, 2));
        var corrected = List.of(Snapshots.entry("GET", "/items", 1, 1, 2, 1001, 802));
        return new StatsSnapshot("run-1", "local", null, "RUNNING", 3, Map.of(), Snapshots.T0 + 10_000, raw, List.of(),
                List.of(), null, new OpenModelStats(200, 5, 7, corrected));
    }

    @Test
    void theSummaryAddsTheCountsAndTheCorrectedPercentilesAfterLocustsTables() {
        String summary = ConsoleReport.summary(open(), Snapshots.T0);
        String closed = ConsoleReport.summary(Snapshots.snapshot(open().entries(), List.of(), List.of()), Snapshots.T0);
        assertThat(summary).startsWith(closed); // Locust's tables first, unchanged
        String extra = summary.substring(closed.length());
        assertThat(extra).contains("Open model: 200.00 iterations/s asked, 5 iterations started, 7 dropped")
                .contains("Response time percentiles, corrected for coordinated omission");
        assertThat(extra.lines().filter(l -> l.contains("Aggregated")).findFirst().orElseThrow())
                .contains(" 1001 "); // the corrected 100% column, the stalled request
        assertThat(ConsoleReport.live(open(), Snapshots.T0, Snapshots.T0 + 10_000))
                .contains("p99 2 ms (corrected 1001)");
    }

    @Test
    void csvWritesTwoExtraFilesAndLeavesLocustsFourAsTheyAre() throws Exception {
        String prefix = dir.resolve("run").toString();
        try (CsvReport csv = new CsvReport(prefix)) {
            csv.write(open(), 3, Snapshots.T0 + 10_000);
        }
        String stats = Files.readString(dir.resolve("run_stats.csv"));
        assertThat(stats).isEqualTo(CsvReport.statsCsv(open()));
        List<String> corrected = Files.readAllLines(dir.resolve("run_stats_corrected.csv"));
        assertThat(corrected.getFirst()).isEqualTo(CsvReport.STATS_HEADER);
        assertThat(corrected.getLast()).startsWith(",Aggregated,5,0,").contains(",1001");
        assertThat(Files.readAllLines(dir.resolve("run_iterations.csv")))
                .containsExactly("Arrival Rate,Iterations,Dropped Iterations", "200.0,5,7");
    }

    @Test
    void aClosedModelRunWritesNoExtraFile() throws Exception {
        String prefix = dir.resolve("closed").toString();
        try (CsvReport csv = new CsvReport(prefix)) {
            csv.write(Snapshots.sample(), 3, Snapshots.T0 + 10_000);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("closed_stats.csv",
                    "closed_stats_history.csv", "closed_failures.csv", "closed_exceptions.csv");
        }
    }
}
