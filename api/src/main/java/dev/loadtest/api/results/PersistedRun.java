package dev.loadtest.api.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loadtest.api.report.CsvDownloads;
import dev.loadtest.api.report.HtmlReport;
import dev.loadtest.api.report.ReportInfo;
import dev.loadtest.api.report.RunHistory;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.ThresholdResult;

import java.util.List;

/**
 * A finished cluster run as the operator keeps it after its runners are gone: the exact merged statistics (every
 * endpoint's histogram in HdrHistogram's encoding, so percentiles read back exactly), what the reports say about
 * the run, and a bounded history for the charts and {@code _stats_history.csv}. Rendered by the same code as the
 * runner's {@code --csv} and {@code --html}. Encoded by {@link PersistedRunCodec}.
 *
 * @param formatVersion    {@link #FORMAT_VERSION} when written; a reader refuses a newer major format
 * @param namespace        the LoadTest's namespace
 * @param loadTest         the LoadTest's name
 * @param runId            the run's id (status.runId)
 * @param host             the target host of the run, null when none was set
 * @param loadfile         what ran: the loadfile's source (ConfigMap key, or "inline")
 * @param users            peak users of the run's spec
 * @param spawnRate        users started per second of the run's spec
 * @param startEpochMillis when the runners were started
 * @param endEpochMillis   when the run was finished (status.completionTime)
 * @param phase            Succeeded or Failed
 * @param reason           the Ready condition's reason (Succeeded, ThresholdsFailed, Stopped, RunnerFailed, ...)
 * @param message          the verdict in words
 * @param thresholds       every threshold with its measured value and verdict; empty when none were set
 * @param complete         false when some runners' figures were lost (an operator restart after they vanished)
 * @param stats            the final merged statistics, failures and exceptions
 * @param history          points of the HTML report's charts, one per operator poll, thinned evenly past
 *                         {@link RunHistory#MAX_POINTS}
 * @param historyCsvRows   the rows of {@code _stats_history.csv} (Locust's columns, one Aggregated row per poll),
 *                         thinned the same way
 * @param foldedEndpoints  how many of the least requested endpoints were folded into one row to keep the results
 *                         within their size limit (0: none; see {@link PersistedRunCodec#fit})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersistedRun(int formatVersion, String namespace, String loadTest, String runId, String host,
                           String loadfile, Integer users, Double spawnRate, long startEpochMillis,
                           long endEpochMillis, String phase, String reason, String message,
                           List<ThresholdResult> thresholds, boolean complete, StatsSnapshot stats,
                           List<RunHistory.Point> history, List<String> historyCsvRows, int foldedEndpoints) {

    public static final int FORMAT_VERSION = 1;

    public PersistedRun {
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        history = history == null ? List.of() : List.copyOf(history);
        historyCsvRows = historyCsvRows == null ? List.of() : List.copyOf(historyCsvRows);
    }

    /** {@code NAMESPACE/NAME/RUN_ID}, the form {@code loadtest compare} takes. */
    @JsonIgnore
    public String reference() {
        return namespace + "/" + loadTest + "/" + runId;
    }

    /** What the HTML report says about the run besides its statistics. */
    @JsonIgnore
    public ReportInfo reportInfo() {
        return new ReportInfo(host, loadfile == null ? loadTest : loadfile, startEpochMillis, endEpochMillis,
                users == null ? 0 : users, spawnRate == null ? 0 : spawnRate,
                Math.max(0, (endEpochMillis - startEpochMillis) / 1000));
    }

    /** Locust's {@code _stats.csv}, as {@code --csv} writes it at the end of a run. */
    public String statsCsv() {
        return CsvDownloads.stats(stats);
    }

    /** Locust's {@code _failures.csv}. */
    public String failuresCsv() {
        return CsvDownloads.failures(stats);
    }

    /** Locust's {@code _exceptions.csv}. */
    public String exceptionsCsv() {
        return CsvDownloads.exceptions(stats);
    }

    /** Locust's {@code _stats_history.csv}: its header and the rows kept (one per operator poll). */
    public String statsHistoryCsv() {
        StringBuilder csv = new StringBuilder(CsvDownloads.historyHeader());
        historyCsvRows.forEach(csv::append);
        return csv.toString();
    }

    /** The {@code --html} report of this run. */
    public String html() {
        RunHistory charts = new RunHistory();
        history.forEach(p -> charts.add(p.epochMillis(), p.users(), p.requestsPerSec(), p.failuresPerSec(), p.p50Ms(),
                p.p95Ms()));
        return HtmlReport.render(stats, charts, reportInfo());
    }
}
