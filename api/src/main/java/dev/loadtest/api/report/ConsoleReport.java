package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.api.stats.Percentiles;
import dev.loadtest.api.stats.StatsSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Locust's console tables ({@code stats.py}: get_stats_summary, get_percentile_stats_summary,
 * get_error_report_summary). Locust prints the stats table every 2 s with current rates, and at the end the
 * stats table with total rates followed by the percentiles and the error report; {@link #live} and
 * {@link #summary} are those two outputs.
 */
public final class ConsoleReport {

    private static final int TYPE_WIDTH = 8;
    /** Locust sizes the name column from the terminal; 50 is what a usual terminal gives. */
    private static final int MIN_NAME_WIDTH = 50;
    private static final int PERCENTILE_WIDTH = 6;
    private static final int ERROR_COUNT_WIDTH = 18;

    private ConsoleReport() {
    }

    /** The table printed during the run: req/s and failures/s are Locust's current (~10 s) rates. */
    public static String live(StatsSnapshot snapshot, long testStartMillis, long nowMillis) {
        return statsTable(snapshot, new Rates(e -> e.currentRps(testStartMillis, nowMillis),
                e -> e.currentFailPerSec(testStartMillis, nowMillis)));
    }

    /** The final summary: the stats table with total rates, the percentiles and the error report. */
    public static String summary(StatsSnapshot snapshot, long testStartMillis) {
        long lastRequest = snapshot.total().lastRequestEpochMillis();
        String stats = statsTable(snapshot, new Rates(e -> e.totalRps(testStartMillis, lastRequest),
                e -> e.totalFailPerSec(testStartMillis, lastRequest)));
        return stats + percentileTable(snapshot) + errorReport(snapshot);
    }

    private record Rates(ToDoubleFunction<EndpointStats> requests, ToDoubleFunction<EndpointStats> failures) {
    }

    private static String statsTable(StatsSnapshot snapshot, Rates rates) {
        int nameWidth = nameWidth(snapshot);
        String rowFormat = "%-" + TYPE_WIDTH + "s %-" + nameWidth + "s %7s %12s |%7s %7s %7s %7s | %7s %11s%n";
        String separator = String.join("|", dashes(TYPE_WIDTH), dashes(nameWidth), dashes(7), dashes(13),
                dashes(7), dashes(7), dashes(7), dashes(8), dashes(8), dashes(11)) + System.lineSeparator();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, rowFormat,
                "Type", "Name", "# reqs", "# fails", "Avg", "Min", "Max", "Med", "req/s", "failures/s"));
        out.append(separator);
        for (EndpointStats entry : ReportFormat.sortedEntries(snapshot)) {
            out.append(statsRow(rowFormat, entry, rates));
        }
        out.append(separator);
        out.append(statsRow(rowFormat, snapshot.total(), rates));
        out.append(System.lineSeparator());
        return out.toString();
    }

    private static String statsRow(String format, EndpointStats entry, Rates rates) {
        String fails = String.format(Locale.ROOT, "%d(%.2f%%)", entry.numFailures(), entry.failRatio() * 100);
        return String.format(Locale.ROOT, format, entry.key().method(), entry.key().name(), entry.numRequests(), fails,
                ReportFormat.compactMillis(entry.avgResponseTimeMs()),
                ReportFormat.compactMillis(entry.minResponseTimeMs()),
                ReportFormat.compactMillis(entry.maxResponseTimeMs()),
                ReportFormat.compactMillis(entry.medianMs()),
                String.format(Locale.ROOT, "%.2f", rates.requests().applyAsDouble(entry)),
                String.format(Locale.ROOT, "%.2f", rates.failures().applyAsDouble(entry)));
    }

    private static String percentileTable(StatsSnapshot snapshot) {
        int nameWidth = nameWidth(snapshot);
        StringBuilder format = new StringBuilder("%-" + TYPE_WIDTH + "s %-" + nameWidth + "s");
        StringBuilder separator = new StringBuilder(dashes(TYPE_WIDTH) + "|" + dashes(nameWidth));
        for (int i = 0; i < Percentiles.TO_REPORT.size(); i++) {
            format.append(" %").append(PERCENTILE_WIDTH).append('s');
            separator.append('|').append(dashes(PERCENTILE_WIDTH));
        }
        format.append(" %8s%n");
        separator.append('|').append(dashes(8)).append(System.lineSeparator());

        StringBuilder out = new StringBuilder("Response time percentiles (approximated)").append(System.lineSeparator());
        List<Object> headings = new ArrayList<>(List.of("Type", "Name"));
        Percentiles.TO_REPORT.forEach(p -> headings.add(Percentiles.label(p)));
        headings.add("# reqs");
        out.append(String.format(Locale.ROOT, format.toString(), headings.toArray()));
        out.append(separator);
        // Locust leaves out rows without requests: their percentiles do not exist.
        for (EndpointStats entry : ReportFormat.sortedEntries(snapshot)) {
            if (entry.numRequests() > 0) {
                out.append(percentileRow(format.toString(), entry));
            }
        }
        EndpointStats total = snapshot.total();
        if (total.numRequests() > 0) {
            out.append(separator);
            out.append(percentileRow(format.toString(), total));
        }
        out.append(System.lineSeparator());
        return out.toString();
    }

    private static String percentileRow(String format, EndpointStats entry) {
        List<Object> cells = new ArrayList<>(List.of(entry.key().method(), entry.key().name()));
        Percentiles.TO_REPORT.forEach(p -> cells.add(ReportFormat.compactMillis(entry.percentileMs(p))));
        cells.add(entry.numRequests());
        return String.format(Locale.ROOT, format, cells.toArray());
    }

    private static String errorReport(StatsSnapshot snapshot) {
        String separator = dashes(ERROR_COUNT_WIDTH) + "|" + dashes(nameWidth(snapshot) + 60) + System.lineSeparator();
        String format = "%-" + ERROR_COUNT_WIDTH + "s %s%n";
        StringBuilder out = new StringBuilder("Error report").append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, format, "# occurrences", "Error"));
        out.append(separator);
        for (FailureStats failure : snapshot.failures()) {
            out.append(String.format(Locale.ROOT, format, failure.occurrences(),
                    failure.method() + " " + failure.name() + ": " + failure.error()));
        }
        out.append(separator);
        out.append(System.lineSeparator());
        return out.toString();
    }

    private static int nameWidth(StatsSnapshot snapshot) {
        int longest = snapshot.entries().stream().mapToInt(e -> e.key().name().length()).max().orElse(0);
        return Math.max(MIN_NAME_WIDTH, longest + 1);
    }

    private static String dashes(int count) {
        return "-".repeat(count);
    }
}
