package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.ExceptionStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.api.stats.StatsSnapshot;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import static dev.loadtest.api.report.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

class CsvReportTest {

    @TempDir
    Path dir;

    // Headers and column order are compared with Locust's own output in LocustCsvIT, not typed here.

    @Test
    void statsRowsAreSortedByNameThenMethodWithAggregatedLast() throws IOException {
        EndpointStats postProducts = Snapshots.entry("POST", "/products", 7);
        writeOnce(Snapshots.snapshot(List.of(Snapshots.entry("GET", "/products", 10, 20, 30, 40), postProducts,
                Snapshots.entry("GET", "/cart", 5)), List.of(), List.of()));

        List<String> rows = read("stats").lines().skip(1).toList();

        assertThat(rows).extracting(r -> r.substring(0, r.indexOf(',', r.indexOf(',') + 1)))
                .containsExactly("GET,/cart", "GET,/products", "POST,/products", ",Aggregated");
        // Request Count, Failure Count, Median, Average, Min, Max, Average Content Size
        assertThat(rows.get(1)).startsWith("GET,/products,4,0,20,25,10,40,100,");
        assertThat(rows.get(1)).endsWith(",30,30,40,40,40,40,40,40,40,40,40");
        assertThat(rows.get(3)).startsWith(",Aggregated,6,0,");
    }

    @Test
    void percentilesOfAnEndpointWithoutRequestsAreNotAvailable() throws IOException {
        EndpointStats onlyFailures = new EndpointStats(new EndpointKey("GET", "/down"));
        onlyFailures.addPerSecond(T0 / 1000, 0, 1);
        onlyFailures.add(new Histogram(3), 1, 0, 0, 0, 0, T0, T0);
        writeOnce(Snapshots.snapshot(List.of(onlyFailures), List.of(), List.of()));

        String row = read("stats").lines().skip(1).findFirst().orElseThrow();

        assertThat(row).startsWith("GET,/down,0,1,").endsWith(",N/A".repeat(11));
    }

    @Test
    void fieldsWithCommasQuotesAndNewlinesAreQuoted() throws IOException {
        writeOnce(Snapshots.snapshot(List.of(Snapshots.entry("GET", "/search?q=a,b", 5)),
                List.of(new FailureStats("GET", "/search?q=a,b", "said \"no\"", 3, T0, T0 + 61_000)),
                List.of(new ExceptionStats(2, "boom", "Traceback:\r\n  at \"Task\".run\n",
                        new TreeSet<>(List.of("runner-b", "runner-a"))))));

        assertThat(read("stats")).contains("\r\nGET,\"/search?q=a,b\",1,0,");
        assertThat(read("failures")).endsWith(
                "\r\nGET,\"/search?q=a,b\",\"said \"\"no\"\"\",3\r\n");
        assertThat(read("exceptions")).endsWith(
                "\r\n2,boom,\"Traceback:\r\n  at \"\"Task\"\".run\n\",\"runner-a, runner-b\"\r\n");
    }

    @Test
    void aNewReportOnTheSamePrefixStartsAFreshHistory() throws IOException {
        writeOnce(Snapshots.sample());
        writeOnce(Snapshots.sample());

        assertThat(read("stats_history").lines()).hasSize(2);
    }

    @Test
    void historyAppendsOneAggregatedRowPerWriteWithTheHeaderOnce() throws IOException {
        try (CsvReport report = new CsvReport(dir.resolve("run").toString())) {
            report.write(Snapshots.sample(), 3, T0 + 5_000);
            report.write(Snapshots.sample(), 4, T0 + 6_000);
        }

        List<String> lines = read("stats_history").lines().toList();

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(CsvReport.HISTORY_HEADER);
        assertThat(lines.subList(1, 3)).allMatch(l -> l.matches("\\d+,\\d,,Aggregated,\\d+\\.\\d{6},\\d+\\.\\d{6},.*"));
        assertThat(lines.get(1)).startsWith((T0 / 1000 + 5) + ",3,");
        assertThat(lines.get(2)).startsWith((T0 / 1000 + 6) + ",4,");
        assertThat(lines.get(2)).endsWith(",8,1,20,24.375,5,40,87.5");
    }

    @Test
    void fullHistoryAppendsEveryEndpointThenAggregatedWithPercentilesOfTheLastTenSeconds() throws IOException {
        EndpointStats early = Snapshots.entry("GET", "/b", 100, 100);
        try (CsvReport report = new CsvReport(dir.resolve("run").toString(), true)) {
            report.write(Snapshots.snapshot(List.of(early), List.of(), List.of()), 2, T0 + 1_000);
            EndpointStats later = Snapshots.entry("GET", "/b", 100, 100, 5, 5, 5, 5);
            report.write(Snapshots.snapshot(List.of(later, Snapshots.entry("POST", "/a", 7)), List.of(), List.of()),
                    2, T0 + 12_000);
        }

        List<String> lines = read("stats_history").lines().toList();

        assertThat(lines).extracting(l -> String.join(",", List.of(l.split(",", -1)).subList(1, 4)))
                .containsExactly("User Count,Type,Name", "2,GET,/b", "2,,Aggregated", "2,POST,/a", "2,GET,/b",
                        "2,,Aggregated");
        // 12 s later the two 100 ms samples have left the window: /b's 50% and 100% are 5 ms, over 6 requests
        List<String> b = List.of(lines.get(4).split(","));
        assertThat(b.get(6)).isEqualTo("5");
        assertThat(b.get(16)).isEqualTo("5");
        assertThat(b.get(17)).isEqualTo("6");
    }

    private void writeOnce(StatsSnapshot snapshot) {
        try (CsvReport report = new CsvReport(dir.resolve("run").toString())) {
            report.write(snapshot, 5, T0 + 10_000);
        }
    }

    private String read(String suffix) throws IOException {
        return Files.readString(dir.resolve("run_" + suffix + ".csv"), StandardCharsets.UTF_8);
    }
}
