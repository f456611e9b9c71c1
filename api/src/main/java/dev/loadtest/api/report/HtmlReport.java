package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.ExceptionStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.api.stats.OpenModelStats;
import dev.loadtest.api.stats.Percentiles;
import dev.loadtest.api.stats.StatsSnapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Locust's {@code --html FILE} report as one self-contained page: inline CSS and SVG charts drawn here, no
 * script, font or stylesheet to fetch, so it opens the same from a CI artifact, a mail or an air-gapped
 * machine.
 */
public final class HtmlReport {

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em;color:#222}
            h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}
            table{border-collapse:collapse;font-size:.9em}
            th,td{border:1px solid #ccc;padding:.3em .6em}
            th{background:#f2f2f2;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
            tr.aggregated td{font-weight:bold}
            pre{margin:0;white-space:pre-wrap}
            dl.info{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dl.info dt{font-weight:bold}
            svg{max-width:960px;width:100%;height:auto;display:block;margin:1em 0}
            svg .grid{stroke:#e4e4e4}svg .axis{font-size:11px;fill:#555}svg .title{font-size:14px;font-weight:bold}
            """;

    private HtmlReport() {
    }

    /** Replaces Locust's file-name placeholders: {u} users, {r} spawn rate, {t} run time in seconds. */
    public static String fileName(String pattern, ReportInfo info) {
        return pattern.replace("{u}", Integer.toString(info.users()))
                .replace("{r}", Long.toString((long) info.spawnRate()))
                .replace("{t}", Long.toString(info.runTimeSeconds()));
    }

    /** Renders the report and writes it to {@code pattern} with its placeholders replaced. */
    public static Path write(String pattern, StatsSnapshot finalStats, RunHistory history, ReportInfo info)
            throws IOException {
        Path file = Path.of(fileName(pattern, info));
        Files.writeString(file, render(finalStats, history, info), StandardCharsets.UTF_8);
        return file;
    }

    public static String render(StatsSnapshot finalStats, RunHistory history, ReportInfo info) {
        StringBuilder html = new StringBuilder();
        String title = "Test Report for " + info.loadfile();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(Html.escape(title)).append("</h1>\n");
        appendRunInfo(html, info);
        appendRequestStatistics(html, finalStats);
        appendPercentiles(html, finalStats);
        appendOpenModel(html, finalStats);
        appendFailures(html, finalStats.failures());
        appendExceptions(html, finalStats.exceptions());
        appendCharts(html, history.points());
        return html.append("</body>\n</html>\n").toString();
    }

    private static void appendRunInfo(StringBuilder html, ReportInfo info) {
        long durationSeconds = Math.max(0, (info.endMillis() - info.startMillis()) / 1000);
        html.append("<dl class=\"info\">\n");
        definition(html, "During", ReportFormat.isoSecondsUtc(info.startMillis()) + " - "
                + ReportFormat.isoSecondsUtc(info.endMillis()));
        definition(html, "Duration", durationSeconds + " seconds");
        definition(html, "Target host", info.host() == null ? "None" : info.host());
        definition(html, "Script", info.loadfile());
        html.append("</dl>\n");
    }

    private static void definition(StringBuilder html, String term, String value) {
        html.append("<dt>").append(Html.escape(term)).append("</dt><dd>").append(Html.escape(value))
                .append("</dd>\n");
    }

    private static void appendRequestStatistics(StringBuilder html, StatsSnapshot stats) {
        EndpointStats total = stats.total();
        long start = total.startTimeEpochMillis();
        long last = total.lastRequestEpochMillis();
        html.append("<h2>Request Statistics</h2>\n<table>\n");
        headings(html, List.of("Type", "Name", "Request Count", "Failure Count", "Median Response Time (ms)",
                "Average Response Time (ms)", "Min Response Time (ms)", "Max Response Time (ms)",
                "Average Content Size (bytes)", "Requests/s", "Failures/s"));
        for (EndpointStats entry : ReportFormat.sortedEntries(stats)) {
            requestRow(html, entry, start, last);
        }
        requestRow(html, total, start, last);
        html.append("</table>\n");
    }

    private static void requestRow(StringBuilder html, EndpointStats entry, long testStart, long testLast) {
        row(html, entry, List.of(Long.toString(entry.numRequests()), Long.toString(entry.numFailures()),
                ReportFormat.millis(entry.medianMs()), ReportFormat.millis(entry.avgResponseTimeMs()),
                ReportFormat.millis(entry.minResponseTimeMs()), ReportFormat.millis(entry.maxResponseTimeMs()),
                ReportFormat.decimal(entry.avgContentLength(), 1),
                ReportFormat.decimal(entry.totalRps(testStart, testLast), 2),
                ReportFormat.decimal(entry.totalFailPerSec(testStart, testLast), 2)));
    }

    private static void appendPercentiles(StringBuilder html, StatsSnapshot stats) {
        html.append("<h2>Response Time Statistics (ms)</h2>\n");
        appendPercentileTable(html, stats);
    }

    private static void appendPercentileTable(StringBuilder html, StatsSnapshot stats) {
        html.append("<table>\n");
        List<String> headings = new ArrayList<>(List.of("Type", "Name"));
        Percentiles.TO_REPORT.forEach(p -> headings.add(Percentiles.label(p)));
        headings(html, headings);
        for (EndpointStats entry : ReportFormat.sortedEntries(stats)) {
            percentileRow(html, entry);
        }
        percentileRow(html, stats.total());
        html.append("</table>\n");
    }

    /**
     * An open-model run's extra section, after Locust's tables: its iteration counts, the main percentiles raw
     * beside corrected for coordinated omission, then the full corrected percentile table. Nothing for a closed
     * model, whose report stays Locust's.
     */
    private static void appendOpenModel(StringBuilder html, StatsSnapshot stats) {
        OpenModelStats open = stats.openModel();
        if (open == null) {
            return;
        }
        html.append("<h2 id=\"corrected\">Response Times Corrected for Coordinated Omission (ms)</h2>\n")
                .append("<p>Open model: ").append(ReportFormat.decimal(open.arrivalRate(), 2))
                .append(" iterations/s asked, ").append(open.iterations()).append(" iterations started, ")
                .append(open.dropped()).append(" dropped. <em>Raw</em> times count from when each request was sent; "
                        + "<em>corrected</em> times count from its iteration's intended start, so they include the "
                        + "time an iteration waited for a free user while the target was slow.</p>\n");
        html.append("<table class=\"side-by-side\">\n");
        List<String> headings = new ArrayList<>(List.of("Type", "Name", "Request Count"));
        for (double p : OpenModelReport.SIDE_BY_SIDE_PERCENTILES) {
            String label = p == 0.5 ? "Median" : p >= 1.0 ? "Max" : Percentiles.label(p);
            headings.add(label + " raw");
            headings.add(label + " corrected");
        }
        headings(html, headings);
        for (OpenModelReport.SideBySide r : OpenModelReport.sideBySide(stats)) {
            List<String> numbers = new ArrayList<>(List.of(Long.toString(r.raw().numRequests())));
            for (double p : OpenModelReport.SIDE_BY_SIDE_PERCENTILES) {
                numbers.add(r.raw().numRequests() == 0 ? "N/A" : ReportFormat.millis(r.rawMs(p)));
                numbers.add(r.corrected().numRequests() == 0 ? "N/A" : ReportFormat.millis(r.correctedMs(p)));
            }
            row(html, r.raw(), numbers);
        }
        html.append("</table>\n");
        html.append("<h2>Response Time Statistics, Corrected for Coordinated Omission (ms)</h2>\n");
        appendPercentileTable(html, OpenModelReport.correctedView(stats));
    }

    private static void percentileRow(StringBuilder html, EndpointStats entry) {
        row(html, entry, Percentiles.TO_REPORT.stream()
                .map(p -> entry.numRequests() == 0 ? "N/A" : ReportFormat.millis(entry.percentileMs(p)))
                .toList());
    }

    private static void row(StringBuilder html, EndpointStats entry, List<String> numbers) {
        html.append(entry.key().isAggregated() ? "<tr class=\"aggregated\">" : "<tr>")
                .append("<td>").append(Html.escape(entry.key().method())).append("</td>")
                .append("<td>").append(Html.escape(entry.key().name())).append("</td>");
        numbers.forEach(n -> html.append("<td class=\"num\">").append(Html.escape(n)).append("</td>"));
        html.append("</tr>\n");
    }

    private static void appendFailures(StringBuilder html, List<FailureStats> failures) {
        html.append("<h2>Failures Statistics</h2>\n");
        if (failures.isEmpty()) {
            html.append("<p>No failures.</p>\n");
            return;
        }
        html.append("<table>\n");
        headings(html, List.of("Method", "Name", "Error", "Occurrences", "First Seen", "Last Seen"));
        for (FailureStats f : failures) {
            html.append("<tr><td>").append(Html.escape(f.method())).append("</td><td>")
                    .append(Html.escape(f.name())).append("</td><td><pre>").append(Html.escape(f.error()))
                    .append("</pre></td><td class=\"num\">").append(f.occurrences()).append("</td><td>")
                    .append(ReportFormat.isoSecondsUtc(f.firstSeenEpochMillis())).append("</td><td>")
                    .append(ReportFormat.isoSecondsUtc(f.lastSeenEpochMillis())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void appendExceptions(StringBuilder html, List<ExceptionStats> exceptions) {
        html.append("<h2>Exceptions Statistics</h2>\n");
        if (exceptions.isEmpty()) {
            html.append("<p>No exceptions.</p>\n");
            return;
        }
        html.append("<table>\n");
        headings(html, List.of("Count", "Message", "Traceback", "Nodes"));
        for (ExceptionStats x : exceptions) {
            html.append("<tr><td class=\"num\">").append(x.count()).append("</td><td>")
                    .append(Html.escape(x.message())).append("</td><td><pre>").append(Html.escape(x.traceback()))
                    .append("</pre></td><td>").append(Html.escape(String.join(", ", x.nodes())))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void appendCharts(StringBuilder html, List<RunHistory.Point> points) {
        long[] times = points.stream().mapToLong(RunHistory.Point::epochMillis).toArray();
        html.append("<h2>Charts</h2>\n");
        html.append(SvgLineChart.render("Total Requests per Second", times, List.of(
                series("RPS", "#00a000", points, RunHistory.Point::requestsPerSec),
                series("Failures/s", "#d00000", points, RunHistory.Point::failuresPerSec))));
        html.append(SvgLineChart.render("Response Times (ms)", times, List.of(
                series("Median", "#2060c0", points, RunHistory.Point::p50Ms),
                series("95% percentile", "#e08000", points, RunHistory.Point::p95Ms))));
        html.append(SvgLineChart.render("Number of Users", times, List.of(
                series("Users", "#505050", points, p -> p.users()))));
    }

    private static SvgLineChart.Series series(String name, String color, List<RunHistory.Point> points,
                                              ToDoubleFunction<RunHistory.Point> value) {
        return new SvgLineChart.Series(name, color, points.stream().mapToDouble(value).toArray());
    }

    private static void headings(StringBuilder html, List<String> headings) {
        html.append("<tr>");
        headings.forEach(h -> html.append("<th>").append(Html.escape(h)).append("</th>"));
        html.append("</tr>\n");
    }
}
