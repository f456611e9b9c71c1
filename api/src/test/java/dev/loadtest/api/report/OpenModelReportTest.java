package dev.loadtest.api.report;

import dev.loadtest.api.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OpenModelReportTest {

    @TempDir
    Path dir;

    private static StatsSnapshot open() {
        return Snapshots.openModel();
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

    @Test
    void sideBySideMatchesEachEndpointsCorrectedRowAndEndsWithAggregated() {
        List<OpenModelReport.SideBySide> rows = OpenModelReport.sideBySide(open());

        assertThat(rows).extracting(r -> r.key().name()).containsExactly("/items", "Aggregated");
        OpenModelReport.SideBySide items = rows.getFirst();
        assertThat(items.rawMs(0.5)).isEqualTo(1);
        assertThat(items.correctedMs(0.5)).isEqualTo(2);
        assertThat(items.rawMs(1.0)).isEqualTo(2);
        assertThat(items.correctedMs(1.0)).isEqualTo(1001);
        assertThat(rows.getLast().correctedMs(0.99)).isEqualTo(1001);
        assertThat(OpenModelReport.sideBySide(Snapshots.sample())).as("a closed model has nothing to compare").isEmpty();
    }
}
