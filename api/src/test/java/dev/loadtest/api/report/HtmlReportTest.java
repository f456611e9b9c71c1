package dev.loadtest.api.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.loadtest.api.report.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    private static final ReportInfo INFO =
            new ReportInfo("http://shop.test", "shop_loadfile.java", T0, T0 + 65_000, 11, 5.0, 1);

    @Test
    void containsTheStatisticsTablesFailuresExceptionsAndCharts() {
        String html = HtmlReport.render(Snapshots.sample(), historyOfTenTicks(), INFO);

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
                .contains("<title>Test Report for shop_loadfile.java</title>")
                .contains("2026-01-01T00:00:00Z - 2026-01-01T00:01:05Z", "65 seconds", "http://shop.test")
                .contains("<tr><td>GET</td><td>/products</td><td class=\"num\">4</td><td class=\"num\">0</td>")
                .contains("<tr class=\"aggregated\"><td></td><td>Aggregated</td><td class=\"num\">8</td>")
                .contains("<th>99.99%</th>", "HTTPError(&#39;401 Client Error&#39;)", "runner-a, runner-b")
                .contains("Traceback:\n  at &quot;Task&quot;.run");
        assertThat(html.split("<svg ", -1)).hasSize(4);
        assertThat(html.split("<polyline ", -1)).hasSize(6);
        assertThat(html).doesNotContain("<script", "<link", "@import", "url(");
    }

    @Test
    void anOpenModelRunShowsCorrectedTimesBesideTheRawOnes() {
        String html = HtmlReport.render(Snapshots.openModel(), historyOfTenTicks(), INFO);

        assertThat(html).contains("<h2 id=\"corrected\">Response Times Corrected for Coordinated Omission (ms)</h2>")
                .contains("200 iterations/s asked, 5 iterations started, 7 dropped")
                .contains("<th>Median raw</th><th>Median corrected</th><th>95% raw</th><th>95% corrected</th>"
                        + "<th>99% raw</th><th>99% corrected</th><th>Max raw</th><th>Max corrected</th>")
                // requests, then the median raw 1 / corrected 2, p95 2 / 1001, p99 2 / 1001, max 2 / 1001
                .contains("<tr><td>GET</td><td>/items</td><td class=\"num\">5</td><td class=\"num\">1</td>"
                        + "<td class=\"num\">2</td><td class=\"num\">2</td><td class=\"num\">1001</td>"
                        + "<td class=\"num\">2</td><td class=\"num\">1001</td><td class=\"num\">2</td>"
                        + "<td class=\"num\">1001</td></tr>")
                .contains("<h2>Response Time Statistics, Corrected for Coordinated Omission (ms)</h2>");
        // Locust's own tables come first and stay raw: the Response Time Statistics table's /items row ends at 2 ms
        String locustPart = html.substring(0, html.indexOf("<h2 id=\"corrected\">"));
        assertThat(locustPart).doesNotContain("1001");
        assertThat(html.indexOf("Failures Statistics")).isGreaterThan(html.indexOf("<h2 id=\"corrected\">"));
    }

    @Test
    void aClosedModelReportHasNoCorrectedSection() {
        assertThat(HtmlReport.render(Snapshots.sample(), historyOfTenTicks(), INFO)).doesNotContainIgnoringCase("corrected");
    }

    @Test
    void tagsAreBalanced() {
        String html = HtmlReport.render(Snapshots.sample(), historyOfTenTicks(), INFO)
                + HtmlReport.render(Snapshots.openModel(), historyOfTenTicks(), INFO);

        for (String tag : List.of("html", "head", "body", "table", "tr", "td", "th", "svg", "pre", "dl", "h2")) {
            assertThat(count(html, "<" + tag + "[ >]")).as(tag).isEqualTo(count(html, "</" + tag + ">"));
        }
    }

    @Test
    void escapesNamesAndInfoFromTheLoadfile() {
        var snapshot = Snapshots.snapshot(List.of(Snapshots.entry("GET", "/q?<script>alert(1)</script>&x", 5)),
                List.of(), List.of());
        var info = new ReportInfo("<b>host</b>", "\"evil\".java", T0, T0 + 1000, 1, 1, 1);

        String html = HtmlReport.render(snapshot, new RunHistory(), info);

        assertThat(html).contains("/q?&lt;script&gt;alert(1)&lt;/script&gt;&amp;x", "&lt;b&gt;host&lt;/b&gt;",
                        "&quot;evil&quot;.java")
                .doesNotContain("<script>", "<b>host");
        assertThat(html).contains("no data");
    }

    @Test
    void aMissingHostReadsNoneAsInLocust() {
        var info = new ReportInfo(null, "f.java", T0, T0, 1, 1, 1);

        assertThat(HtmlReport.render(Snapshots.sample(), new RunHistory(), info)).contains("<dd>None</dd>");
    }

    @Test
    void fileNamePlaceholdersAreReplacedLikeLocust() {
        assertThat(HtmlReport.fileName("some_name_{u}_{r}_{t}.html", INFO)).isEqualTo("some_name_11_5_1.html");
        assertThat(HtmlReport.fileName("report.html", INFO)).isEqualTo("report.html");
    }

    @Test
    void writeUsesTheExpandedFileName(@TempDir Path dir) throws IOException {
        Path written = HtmlReport.write(dir.resolve("r_{u}.html").toString(), Snapshots.sample(),
                historyOfTenTicks(), INFO);

        assertThat(written).isEqualTo(dir.resolve("r_11.html"));
        assertThat(Files.readString(written)).contains("Request Statistics");
    }

    private static RunHistory historyOfTenTicks() {
        RunHistory history = new RunHistory();
        for (int i = 0; i < 10; i++) {
            history.add(T0 + i * 1000L, i, 10.0 * i, 0.5 * i, 20 + i, 40 + i);
        }
        return history;
    }

    private static long count(String text, String regex) {
        return java.util.regex.Pattern.compile(regex).matcher(text).results().count();
    }
}
