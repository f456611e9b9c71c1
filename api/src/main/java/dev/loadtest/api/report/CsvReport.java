package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.ExceptionStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.api.stats.Percentiles;
import dev.loadtest.api.stats.StatsSnapshot;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Locust's {@code --csv PREFIX} files: {@code PREFIX_stats.csv}, {@code PREFIX_failures.csv} and
 * {@code PREFIX_exceptions.csv} rewritten on every {@link #write}, {@code PREFIX_stats_history.csv}
 * appended one Aggregated row per write, or with {@code --csv-full-history} a row per endpoint and then the
 * Aggregated row, all with the percentiles of the last 10 s, as Locust writes them. Headers and column
 * order are Locust 2.12's (LocustCsvIT compares them with Locust's own output), so that tooling that
 * parses Locust's CSVs reads these.
 */
public final class CsvReport implements AutoCloseable {

    static final String STATS_HEADER = "Type,Name,Request Count,Failure Count,Median Response Time,"
            + "Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
            + percentileLabels();
    static final String HISTORY_HEADER = "Timestamp,User Count,Type,Name,Requests/s,Failures/s,"
            + percentileLabels() + ",Total Request Count,Total Failure Count,Total Median Response Time,"
            + "Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size";
    static final String FAILURES_HEADER = "Method,Name,Error,Occurrences";
    static final String EXCEPTIONS_HEADER = "Count,Message,Traceback,Nodes";
    /** Locust's window for the "current" percentiles of the full history. */
    private static final long CURRENT_WINDOW_MILLIS = 10_000;

    private final Path stats;
    private final Path history;
    private final Path failures;
    private final Path exceptions;
    private final boolean fullHistory;
    private final Map<EndpointKey, RecentResponseTimes> recent = new HashMap<>();
    private Writer historyWriter;
    private boolean historyStarted;

    public CsvReport(String prefix) {
        this(prefix, false);
    }

    /** @param fullHistory Locust's {@code --csv-full-history}: history rows for every endpoint, not just the total */
    public CsvReport(String prefix, boolean fullHistory) {
        this.stats = Path.of(prefix + "_stats.csv");
        this.history = Path.of(prefix + "_stats_history.csv");
        this.failures = Path.of(prefix + "_failures.csv");
        this.exceptions = Path.of(prefix + "_exceptions.csv");
        this.fullHistory = fullHistory;
    }

    /** Rewrites the stats, failures and exceptions files and appends a history row. */
    public synchronized void write(StatsSnapshot snapshot, int userCount, long nowMillis) {
        try {
            replace(stats, statsCsv(snapshot));
            replace(failures, failuresCsv(snapshot));
            replace(exceptions, exceptionsCsv(snapshot));
            appendHistory(fullHistory ? fullHistoryRows(snapshot, userCount, nowMillis)
                    : historyRow(snapshot, userCount, nowMillis));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV report " + stats.getParent(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (historyWriter == null) {
            return;
        }
        try {
            historyWriter.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            historyWriter = null;
        }
    }

    static String statsCsv(StatsSnapshot snapshot) {
        EndpointStats total = snapshot.total();
        long start = total.startTimeEpochMillis();
        long last = total.lastRequestEpochMillis();
        StringBuilder out = new StringBuilder(STATS_HEADER).append(Csv.LINE_END);
        for (EndpointStats entry : ReportFormat.sortedEntries(snapshot)) {
            out.append(statsRow(entry, start, last));
        }
        out.append(statsRow(total, start, last));
        return out.toString();
    }

    private static String statsRow(EndpointStats entry, long testStart, long testLast) {
        List<Object> cells = new ArrayList<>(List.of(entry.key().method(), entry.key().name(),
                entry.numRequests(), entry.numFailures(),
                ReportFormat.millis(entry.medianMs()), ReportFormat.millis(entry.avgResponseTimeMs()),
                ReportFormat.millis(entry.minResponseTimeMs()), ReportFormat.millis(entry.maxResponseTimeMs()),
                ReportFormat.decimal(entry.avgContentLength(), 3),
                ReportFormat.decimal(entry.totalRps(testStart, testLast), 6),
                ReportFormat.decimal(entry.totalFailPerSec(testStart, testLast), 6)));
        cells.addAll(percentileCells(entry));
        return Csv.record(cells);
    }

    static String historyRow(StatsSnapshot snapshot, int userCount, long nowMillis) {
        EndpointStats total = snapshot.total();
        // Cumulative percentiles, as Locust writes them without --csv-full-history.
        return historyRow(total, total.startTimeEpochMillis(), userCount, nowMillis, percentileCells(total));
    }

    /** Every endpoint in Locust's order, then the Aggregated row; percentiles of the last 10 s. */
    private String fullHistoryRows(StatsSnapshot snapshot, int userCount, long nowMillis) {
        EndpointStats total = snapshot.total();
        long start = total.startTimeEpochMillis();
        StringBuilder rows = new StringBuilder();
        for (EndpointStats entry : ReportFormat.sortedEntries(snapshot)) {
            rows.append(historyRow(entry, start, userCount, nowMillis, currentPercentileCells(entry, nowMillis)));
        }
        rows.append(historyRow(total, start, userCount, nowMillis, currentPercentileCells(total, nowMillis)));
        return rows.toString();
    }

    private static String historyRow(EndpointStats entry, long testStart, int userCount, long nowMillis,
                                     List<String> percentiles) {
        List<Object> cells = new ArrayList<>(List.of(nowMillis / 1000, userCount, entry.key().method(),
                entry.key().name(), ReportFormat.sixDecimals(entry.currentRps(testStart, nowMillis)),
                ReportFormat.sixDecimals(entry.currentFailPerSec(testStart, nowMillis))));
        cells.addAll(percentiles);
        cells.addAll(List.of(entry.numRequests(), entry.numFailures(),
                ReportFormat.millis(entry.medianMs()), ReportFormat.millis(entry.avgResponseTimeMs()),
                ReportFormat.millis(entry.minResponseTimeMs()), ReportFormat.millis(entry.maxResponseTimeMs()),
                ReportFormat.decimal(entry.avgContentLength(), 3)));
        return Csv.record(cells);
    }

    private static List<String> percentileCells(EndpointStats entry) {
        return Percentiles.TO_REPORT.stream()
                .map(p -> entry.numRequests() == 0 ? "N/A" : ReportFormat.millis(entry.percentileMs(p)))
                .toList();
    }

    /** Locust's get_current_response_time_percentile: N/A before any request, 0 with none in the window. */
    private List<String> currentPercentileCells(EndpointStats entry, long nowMillis) {
        if (entry.numRequests() == 0) {
            return percentileCells(entry);
        }
        Histogram window = recent.computeIfAbsent(entry.key(), k -> new RecentResponseTimes(CURRENT_WINDOW_MILLIS))
                .recent(nowMillis, entry.histogram());
        return Percentiles.TO_REPORT.stream()
                .map(p -> ReportFormat.millis(RecentResponseTimes.valueAtMs(window, p))).toList();
    }

    static String failuresCsv(StatsSnapshot snapshot) {
        StringBuilder out = new StringBuilder(FAILURES_HEADER).append(Csv.LINE_END);
        snapshot.failures().stream()
                .sorted(Comparator.comparing(FailureStats::name).thenComparing(FailureStats::method)
                        .thenComparing(FailureStats::error))
                .forEach(f -> out.append(Csv.record(List.of(f.method(), f.name(), f.error(), f.occurrences()))));
        return out.toString();
    }

    static String exceptionsCsv(StatsSnapshot snapshot) {
        StringBuilder out = new StringBuilder(EXCEPTIONS_HEADER).append(Csv.LINE_END);
        for (ExceptionStats exception : snapshot.exceptions()) {
            out.append(Csv.record(List.of(exception.count(), exception.message(), exception.traceback(),
                    String.join(", ", exception.nodes()))));
        }
        return out.toString();
    }

    /** Write then rename, so a reader polling the file never sees it half written. */
    private static void replace(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void appendHistory(String row) throws IOException {
        if (historyWriter == null && historyStarted) {
            historyWriter = Files.newBufferedWriter(history, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } else if (historyWriter == null) {
            // A new report starts a new history: a stale file from an earlier run would mix two runs.
            historyWriter = Files.newBufferedWriter(history, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            historyWriter.write(HISTORY_HEADER + Csv.LINE_END);
            historyStarted = true;
        }
        historyWriter.write(row);
        // Flushed each tick so that a crash or kill loses at most the row being written.
        historyWriter.flush();
    }

    private static String percentileLabels() {
        return String.join(",", Percentiles.TO_REPORT.stream().map(Percentiles::label).toList());
    }
}
