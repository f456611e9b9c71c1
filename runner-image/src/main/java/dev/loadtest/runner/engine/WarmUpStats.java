package dev.loadtest.runner.engine;

import dev.loadtest.api.report.ConsoleReport;
import dev.loadtest.api.report.CsvDownloads;
import dev.loadtest.api.stats.OpenModelStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.runner.metrics.MetricLabels;
import dev.loadtest.runner.metrics.RunMetrics;
import dev.loadtest.runner.stats.LiveStats;

/**
 * The statistics side of {@link HttpWarmUp}: statistics and Prometheus meters of their own, thrown away after it,
 * so that the warm-up's requests load and run the code a run's first responses go through (a new row's meters and
 * histogram, the corrected twin of the open model) without a count of them reaching the run's figures. The run's
 * first requests used to pay that code's class loading while other users' first requests were still in flight.
 */
final class WarmUpStats implements AutoCloseable {

    private final RunMetrics metrics = new RunMetrics(new MetricLabels("warm-up", "warm-up", "warm-up"), "warm-up",
            () -> 0);
    private final LiveStats stats = new LiveStats("warm-up", LiveStats.DEFAULT_MAX_NAMES, metrics);

    LiveStats stats() {
        return stats;
    }

    /**
     * What the run does with its figures in its first second, done once on the warm-up's: the collector's fold, a
     * snapshot, the console's live line and the CSV's rows (rendered into nothing), a scrape of the meters.
     */
    void collectAndRender() {
        stats.fold();
        LiveStats.Collected c = stats.collect();
        StatsSnapshot snapshot = new StatsSnapshot("warm-up", "warm-up", null, "RUNNING", 0, java.util.Map.of(),
                c.epochMillis(), c.entries(), c.failures(), c.exceptions(), null,
                new OpenModelStats(1, 0, 0, c.corrected()));
        ConsoleReport.live(snapshot, c.epochMillis() - 1000, c.epochMillis());
        CsvDownloads.stats(snapshot);
        metrics.scrape();
    }

    @Override
    public void close() {
        metrics.close();
    }
}
