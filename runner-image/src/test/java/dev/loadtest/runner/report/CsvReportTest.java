package dev.loadtest.runner.report;

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

import static dev.loadtest.runner.report.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

class CsvReportTest {

    // Locust's headers, copied from its output: the point is byte-for-byte compatibility.
    private static final String LOCUST_STATS_HEADER = "Type,Name,Request Count,Failure Count,Median Response Time,"
            + "Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
            + "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%";
    private static final String LOCUST_HISTORY_HEADER = "Timestamp,User Count,Type,Name,Requests/s,Failures/s,"
            + "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%,Total Request Count,Total Failure Count,"
            + "Total Median Response Time,Total Average Response Time,Total Min Response Time,"
            + "Total Max Response Time,Total Average Content Size";
    private static final String LOCUST_FAILURES_HEADER = "Method,Name,Error,Occurrences,First Seen,Last Seen";
    private static final String LOCUST_EXCEPTIONS_HEADER = "Count,Message,Traceback,Nodes";

    @TempDir
    Path dir;

    @Test
    void headersAreLocustsByteForByte() throws IOException {
        writeOnce(Snapshots.sample());

        assertThat(read("stats")).startsWith(LOCUST_STATS_HEADER + "\r\n");
        assertThat(read("stats_history")).startsWith(LOCUST_HISTORY_HEADER + "\r\n");
        assertThat(read("failures")).startsWith(LOCUST_FAILURES_HEADER + "\r\n");
        assertThat(read("exceptions")).startsWith(LOCUST_EXCEPTIONS_HEADER + "\r\n");
    }

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
                "\r\nGET,\"/search?q=a,b\",\"said \"\"no\"\"\",3,2026-01-01T00:00:00Z,2026-01-01T00:01:01Z\r\n");
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
        assertThat(lines.get(0)).isEqualTo(LOCUST_HISTORY_HEADER);
        assertThat(lines.subList(1, 3)).allMatch(l -> l.matches("\\d+,\\d,,Aggregated,\\d+\\.\\d{6},\\d+\\.\\d{6},.*"));
        assertThat(lines.get(1)).startsWith((T0 / 1000 + 5) + ",3,");
        assertThat(lines.get(2)).startsWith((T0 / 1000 + 6) + ",4,");
        assertThat(lines.get(2)).endsWith(",8,1,20,24.375,5,40,87.5");
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
