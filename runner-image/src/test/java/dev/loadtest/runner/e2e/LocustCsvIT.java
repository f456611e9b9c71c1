package dev.loadtest.runner.e2e;

import com.sun.net.httpserver.HttpServer;
import dev.loadtest.runner.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our four CSV files against Locust's own: Debian's Locust 2.12 and this runner run the same kind of test (two
 * users, a passing endpoint, a failing one, a task that throws) against the same local server with
 * {@code --csv} and {@code --csv-full-history}. The reference is what Locust wrote, read at test time: the
 * header lines byte for byte, the column count of every row, the rows' names and order, and the kind of value
 * in each column (number, N/A, empty, text).
 */
class LocustCsvIT {

    /**
     * Locust 2.12 flushes its history file every 10 s and never closes it: run well past the second flush (its
     * writer drifts behind the clock on a busy machine).
     */
    private static final String LOCUST_RUN_TIME = "16s";
    private static final Duration LOCUST_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static HttpServer target;
    static Path locustDir;
    static Path oursDir;
    static int locustExit;
    static int ourExit;
    static String locustOutput;

    @BeforeAll
    static void runBoth() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        target.createContext("/", ex -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/ok") ? 200 : 404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        String host = "http://127.0.0.1:" + target.getAddress().getPort();
        locustDir = Files.createDirectories(dir.resolve("locust"));
        oursDir = Files.createDirectories(dir.resolve("ours"));
        Files.writeString(locustDir.resolve("locustfile.py"), """
                from locust import HttpUser, task, constant

                class Shopper(HttpUser):
                    wait_time = constant(0.05)

                    @task(3)
                    def ok(self):
                        self.client.get("/ok")

                    @task
                    def missing(self):
                        self.client.get("/missing")

                    @task
                    def boom(self):
                        raise ValueError("boom")
                """);
        Path loadfile = Files.writeString(oursDir.resolve("Shopper.java"), """
                import dev.loadtest.*;

                public class Shopper extends HttpUser {
                    @Override protected WaitTime waitTime() { return WaitTime.constant(0.05); }
                    @Task(3) void ok() { client.get("/ok"); }
                    @Task void missing() { client.get("/missing"); }
                    @Task void boom() { throw new IllegalStateException("boom"); }
                }
                """);
        try (LocustProcess locust = LocustProcess.start(locustDir, "-f", "locustfile.py", "--headless", "-u", "2",
                "-r", "2", "-t", LOCUST_RUN_TIME, "-H", host, "--csv", "run", "--csv-full-history", "--only-summary")) {
            ourExit = Main.run("-f", loadfile.toString(), "--headless", "-u", "2", "-r", "2", "-t", "4s", "-H", host,
                    "--csv", oursDir.resolve("run").toString(), "--csv-full-history", "--only-summary");
            locustExit = locust.awaitExit(LOCUST_TIMEOUT);
            locustOutput = locust.output();
        }
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void bothExitWithTheCodeForFailures() {
        assertThat(locustExit).as(locustOutput).isEqualTo(1);
        assertThat(ourExit).isEqualTo(1);
    }

    @Test
    void theHeaderLinesAreLocustsByteForByte() throws IOException {
        for (String file : List.of("stats", "stats_history", "failures", "exceptions")) {
            assertThat(firstLine(oursDir, file)).as(file).isEqualTo(firstLine(locustDir, file));
        }
    }

    @Test
    void statsHaveLocustsRowsInLocustsOrderAndKindsOfValue() throws IOException {
        List<List<String>> locust = read(locustDir, "stats");
        List<List<String>> ours = read(oursDir, "stats");

        assertThat(names(ours)).isEqualTo(names(locust)).containsExactly("GET /missing", "GET /ok", " Aggregated");
        assertEveryRowHasTheHeadersWidth(locust);
        assertEveryRowHasTheHeadersWidth(ours);
        assertThat(kinds(ours)).isEqualTo(kinds(locust));
    }

    @Test
    void fullHistoryHasEveryEndpointThenAggregatedEachSecondAsLocustWritesIt() throws IOException {
        List<List<String>> locust = read(locustDir, "stats_history");
        List<List<String>> ours = read(oursDir, "stats_history");
        assertEveryRowHasTheHeadersWidth(locust);
        assertEveryRowHasTheHeadersWidth(ours);

        // the rows of one write: the endpoints by name, then Aggregated; once both endpoints have requests
        assertThat(fullGroups(locust)).as("Locust's history after its second flush:\n" + locustOutput).isNotEmpty();
        assertThat(fullGroups(ours)).isEqualTo(fullGroups(locust))
                .containsExactly(List.of("GET /missing", "GET /ok", " Aggregated"));
        for (List<List<String>> rows : List.of(locust, ours)) {
            for (List<String> row : rows.subList(1, rows.size())) {
                assertThat(row.get(0)).as("Timestamp").matches("\\d{10}");
                assertThat(row.get(1)).as("User Count").matches("\\d+");
                assertThat(row.get(4)).as("Requests/s").matches("\\d+\\.\\d{6}");
                assertThat(row.get(5)).as("Failures/s").matches("\\d+\\.\\d{6}");
            }
        }
        assertThat(kindsOfRowsWithRequests(ours)).isEqualTo(kindsOfRowsWithRequests(locust));
    }

    @Test
    void failuresHaveLocustsFourColumnsAndRows() throws IOException {
        List<List<String>> locust = read(locustDir, "failures");
        List<List<String>> ours = read(oursDir, "failures");

        assertThat(names(ours)).isEqualTo(names(locust)).containsExactly("GET /missing");
        assertEveryRowHasTheHeadersWidth(locust);
        assertEveryRowHasTheHeadersWidth(ours);
        assertThat(kinds(ours)).isEqualTo(kinds(locust));
    }

    @Test
    void exceptionsHaveLocustsColumnsAndOneRowPerTraceback() throws IOException {
        List<List<String>> locust = read(locustDir, "exceptions");
        List<List<String>> ours = read(oursDir, "exceptions");

        assertThat(locust).hasSize(2);
        assertThat(ours).hasSize(2);
        assertEveryRowHasTheHeadersWidth(locust);
        assertEveryRowHasTheHeadersWidth(ours);
        assertThat(kinds(ours)).isEqualTo(kinds(locust));
        assertThat(ours.get(1).get(1)).isEqualTo(locust.get(1).get(1)).isEqualTo("boom");
    }

    // ---- reading the files ----

    private static String firstLine(Path folder, String file) throws IOException {
        String text = Files.readString(folder.resolve("run_" + file + ".csv"), StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        assertThat(end).as(file + " has a header line").isPositive();
        return text.substring(0, end + 1);
    }

    /** RFC 4180 records (quoted fields may hold commas, quotes and line breaks); a last unterminated line is dropped. */
    static List<List<String>> read(Path folder, String file) throws IOException {
        String text = Files.readString(folder.resolve("run_" + file + ".csv"), StandardCharsets.UTF_8);
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                // the \n ends the record
            } else if (c == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        return records;
    }

    /** "METHOD NAME" of each data row. */
    private static List<String> names(List<List<String>> rows) {
        int name = rows.get(0).indexOf("Name");
        return rows.subList(1, rows.size()).stream().map(r -> r.get(name - 1) + " " + r.get(name)).toList();
    }

    private static void assertEveryRowHasTheHeadersWidth(List<List<String>> rows) {
        assertThat(rows).allSatisfy(r -> assertThat(r).hasSameSizeAs(rows.get(0)));
    }

    /** The kind of value in each column of each data row: number, N/A, empty or text. */
    private static List<List<String>> kinds(List<List<String>> rows) {
        return rows.subList(1, rows.size()).stream().map(LocustCsvIT::rowKinds).toList();
    }

    private static List<String> rowKinds(List<String> row) {
        return row.stream().map(LocustCsvIT::kind).toList();
    }

    private static String kind(String cell) {
        if (cell.isEmpty()) {
            return "empty";
        }
        if (cell.equals("N/A")) {
            return "N/A";
        }
        return cell.matches("-?\\d+(\\.\\d+)?") ? "number" : "text";
    }

    /** The names of each write's rows, for the writes in which both endpoints appear (the last may be cut off). */
    private static Set<List<String>> fullGroups(List<List<String>> rows) {
        List<List<String>> groups = new ArrayList<>();
        List<String> group = new ArrayList<>();
        String timestamp = null;
        for (List<String> row : rows.subList(1, rows.size())) {
            if (!row.get(0).equals(timestamp) && !group.isEmpty()) {
                groups.add(group);
                group = new ArrayList<>();
            }
            timestamp = row.get(0);
            group.add(row.get(2) + " " + row.get(3));
        }
        return new LinkedHashSet<>(groups.stream().filter(g -> g.size() == 3).toList());
    }

    /** Column kinds of the rows with requests, endpoint rows and Aggregated rows apart. */
    private static Set<List<String>> kindsOfRowsWithRequests(List<List<String>> rows) {
        int count = rows.get(0).indexOf("Total Request Count");
        Set<List<String>> kinds = new LinkedHashSet<>();
        IntStream.range(1, rows.size()).mapToObj(rows::get).filter(r -> !r.get(count).equals("0"))
                .forEach(r -> kinds.add(rowKinds(r)));
        return kinds;
    }
}
