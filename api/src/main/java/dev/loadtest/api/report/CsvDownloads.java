package dev.loadtest.api.report;

import dev.loadtest.api.stats.StatsSnapshot;

/**
 * The {@code --csv} files' contents for the web UI's downloads, from the same code that writes the files, so
 * that a download and {@code --csv} never disagree.
 */
public final class CsvDownloads {

    private CsvDownloads() {
    }

    public static String stats(StatsSnapshot snapshot) {
        return CsvReport.statsCsv(snapshot);
    }

    public static String failures(StatsSnapshot snapshot) {
        return CsvReport.failuresCsv(snapshot);
    }

    public static String exceptions(StatsSnapshot snapshot) {
        return CsvReport.exceptionsCsv(snapshot);
    }

    /** The first line of {@code PREFIX_stats_history.csv}, line end included. */
    public static String historyHeader() {
        return CsvReport.HISTORY_HEADER + Csv.LINE_END;
    }

    /** The row {@link CsvReport#write} appends to {@code PREFIX_stats_history.csv} for this tick. */
    public static String historyRow(StatsSnapshot snapshot, int userCount, long nowMillis) {
        return CsvReport.historyRow(snapshot, userCount, nowMillis);
    }
}
