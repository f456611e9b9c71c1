package dev.loadtest.operator.results;

import dev.loadtest.api.report.CsvDownloads;
import dev.loadtest.api.report.RunHistory;
import dev.loadtest.api.stats.StatsSnapshot;

import java.time.Instant;
import java.util.List;

/**
 * What a run's report needs beyond its final statistics, gathered from the operator's own merge at each poll (no
 * extra call to the runners): the points of the HTML report's charts and the rows of {@code _stats_history.csv}.
 * In memory, like the rest of a run's memory: a restarted operator keeps recording from where it took over.
 */
public final class RunRecorder {

    /** Rows of {@code _stats_history.csv} kept, thinned evenly beyond (about 200 kB before compression). */
    public static final int MAX_CSV_ROWS = 1000;

    private final RunHistory charts = new RunHistory();
    private final ThinnedSeries<String> csvRows = new ThinnedSeries<>(MAX_CSV_ROWS);

    public void record(StatsSnapshot merged, int users, Instant now) {
        if (merged.entries().isEmpty()) {
            return; // before the first request there is nothing to chart
        }
        charts.add(merged, users, now.toEpochMilli());
        csvRows.add(CsvDownloads.historyRow(merged, users, now.toEpochMilli()));
    }

    public List<RunHistory.Point> chartPoints() {
        return charts.points();
    }

    public List<String> csvRows() {
        return csvRows.items();
    }
}
