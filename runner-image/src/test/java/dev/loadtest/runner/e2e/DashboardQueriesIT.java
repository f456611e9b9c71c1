package dev.loadtest.runner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.runner.control.ControlServer;
import dev.loadtest.runner.engine.Engine;
import dev.loadtest.runner.loadfile.LoadfileCompiler;
import dev.loadtest.runner.loadfile.LoadfileModel;
import dev.loadtest.runner.metrics.MetricLabels;
import dev.loadtest.runner.target.SampleTarget;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard against a real Prometheus scraping a real runner: a worker-mode runner (control API
 * and engine, in process) runs the shop example against the sample target, Prometheus scrapes it every
 * second, and then every query of the dashboard, with its variables substituted as Grafana would, must
 * return data. A dashboard query that returns nothing fails this test. Afterwards, the request and failure
 * counts Prometheus scraped must equal the runner's own.
 */
class DashboardQueriesIT {

    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "loadtest-dashboard.json");
    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "shop", "ShopUser.java");

    /**
     * Panels fed only by the operator's per-run gauges ({@code loadtest_run_*}): without an operator here they
     * have no data, so this test cannot run them. {@code OperatorMetricsE2E} (operator module) runs their queries
     * against the packaged operator's {@code /q/metrics}, scraped by Prometheus, after a real run.
     */
    static final List<String> OPERATOR_PANELS = List.of("Recent runs");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "dashboard-it-token";
    private static final MetricLabels LABELS = new MetricLabels("shop", "shop-smoke", "shop-smoke-runner-0");
    private static final String RUN_ID = "shop-smoke-20261126.1";
    private static final int USERS = 20;
    /** How many scrapes of the running load to wait for before querying, so every rate() has samples. */
    private static final int SCRAPES_BEFORE_QUERYING = 5;

    private final HttpClient http = HttpClient.newHttpClient();
    private final long began = System.nanoTime();

    @Test
    void everyDashboardQueryReturnsDataAndPrometheusCountsWhatTheRunnerCounted(@TempDir Path dir) throws Exception {
        Dashboard dashboard = Dashboard.load(DASHBOARD);
        assertThat(dashboard.queries()).extracting(Dashboard.Query::panel)
                .as("OPERATOR_PANELS names panels of the dashboard").containsAll(OPERATOR_PANELS);
        // a failing checkout in three: the failure panels need failures, of more than one series ideally
        SampleTarget.Config config = new SampleTarget.Config(0.3, 0, 5);
        try (SampleTarget target = SampleTarget.start(0, config);
             Engine engine = new Engine(LoadfileModel.of(LoadfileCompiler.load(EXAMPLE)), LABELS);
             ControlServer runner = new ControlServer(engine, TOKEN, "127.0.0.1", 0)) {
            runner.start();
            try (PrometheusServer prometheus = PrometheusServer.start(dir, "loadtest-runner",
                    List.of("127.0.0.1:" + runner.port()))) {
                log("Prometheus ready");
                StartCommand start = new StartCommand(RUN_ID, target.baseUrl(), Map.of("ShopUser", USERS), USERS,
                        null, null, null, null, 0);
                assertThat(post(runner, "/start", start).statusCode()).isEqualTo(202);
                String run = "run_id=\"" + RUN_ID + "\"";
                prometheus.await(SCRAPES_BEFORE_QUERYING + " scrapes of the running load", Duration.ofSeconds(45),
                        () -> prometheus.scalar("count_over_time(loadtest_users{" + run + "}[1m])")
                                >= SCRAPES_BEFORE_QUERYING
                                && prometheus.scalar("max(count_over_time(loadtest_request_failures_total{" + run
                                + "}[1m]))") >= 2);
                log("load scraped " + SCRAPES_BEFORE_QUERYING + " times");

                Map<String, String> values = grafanaValues();
                assertVariablesOffer(prometheus, dashboard, values);
                assertEveryQueryReturnsData(prometheus, dashboard, values);
                log("dashboard queries checked");

                assertThat(post(runner, "/stop", null).statusCode()).isEqualTo(202);
                assertThat(engine.awaitStopped(Duration.ofSeconds(15))).isTrue();
                Instant stopped = Instant.now();
                StatsSnapshot stats = JSON.readValue(get(runner, "/stats"), StatsSnapshot.class);
                prometheus.await("a scrape that began after the load stopped", Duration.ofSeconds(15), () -> {
                    Instant last = prometheus.lastScrapeStart();
                    return last != null && last.isAfter(stopped);
                });
                log("final scrape");
                assertPrometheusCountedWhatTheRunnerCounted(prometheus, run, stats);
            }
        }
        log("done");
    }

    /** The values Grafana would put in: our run's labels, and intervals that suit a 1 s scrape interval. */
    private Map<String, String> grafanaValues() {
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();
        Map<String, String> values = new HashMap<>();
        values.put("namespace", LABELS.namespace());
        values.put("loadtest", LABELS.loadtest());
        // a multi-value variable used with =~: Grafana's Prometheus data source regex-escapes its values, with
        // the backslash doubled for the PromQL string ("a.1" becomes a\\.1)
        values.put("run_id", RUN_ID.replaceAll("[\\\\^$*+?.()|\\[\\]{}]", "\\\\\\\\$0"));
        values.put("__rate_interval", "10s");
        values.put("__interval", "1s");
        values.put("__range", (elapsedSeconds + 60) + "s");
        return values;
    }

    private static void assertVariablesOffer(PrometheusServer prometheus, Dashboard dashboard,
                                             Map<String, String> values) {
        Map<String, String> expected = Map.of("namespace", LABELS.namespace(), "loadtest", LABELS.loadtest(),
                "run_id", RUN_ID);
        assertThat(dashboard.variables()).extracting(Dashboard.Variable::name)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        SoftAssertions soft = new SoftAssertions();
        for (Dashboard.Variable v : dashboard.variables()) {
            String selector = Dashboard.substitute(v.selector(), values);
            soft.assertThat(prometheus.labelValues(v.label(), selector))
                    .as("variable %s: label_values(%s, %s)", v.name(), selector, v.label())
                    .contains(expected.get(v.name()));
        }
        soft.assertAll();
    }

    private static void assertEveryQueryReturnsData(PrometheusServer prometheus, Dashboard dashboard,
                                                    Map<String, String> values) {
        SoftAssertions soft = new SoftAssertions();
        int ran = 0;
        for (Dashboard.Query q : dashboard.queries()) {
            if (OPERATOR_PANELS.contains(q.panel())) {
                continue;
            }
            String promql = Dashboard.substitute(q.expr(), values);
            JsonNode result = prometheus.query(promql);
            if (result.isEmpty()) {
                soft.fail("panel '%s' query %s returned no series: %s", q.panel(), q.refId(), promql);
            } else {
                soft.assertThat(hasANumber(result))
                        .as("panel '%s' query %s returned only NaN: %s -> %s", q.panel(), q.refId(), promql, result)
                        .isTrue();
            }
            ran++;
        }
        System.out.printf("DashboardQueriesIT: ran %d dashboard queries; those of %s run in OperatorMetricsE2E%n", ran,
                OPERATOR_PANELS);
        soft.assertAll();
    }

    private static boolean hasANumber(JsonNode vector) {
        for (JsonNode sample : vector) {
            double v = Double.parseDouble(sample.path("value").get(1).asText());
            if (Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }

    private static void assertPrometheusCountedWhatTheRunnerCounted(PrometheusServer prometheus, String run,
                                                                    StatsSnapshot stats) {
        assertThat(stats.total().numRequests()).as("the run sent load").isGreaterThan(500);
        assertThat(stats.total().numFailures()).as("the target failed some checkouts").isPositive();
        assertThat(prometheus.scalar("sum(loadtest_requests_total{" + run + "})"))
                .isEqualTo(stats.total().numRequests());
        assertThat(prometheus.scalar("sum(loadtest_requests_seconds_count{" + run + "})"))
                .isEqualTo(stats.total().numRequests());
        assertThat(prometheus.scalar("sum(loadtest_request_failures_total{" + run + "})"))
                .isEqualTo(stats.total().numFailures());

        Map<String, Long> runner = new TreeMap<>();
        for (EndpointStats e : stats.entries()) {
            runner.put(e.key().method() + " " + e.key().name(), e.numRequests());
        }
        Map<String, Long> scraped = new TreeMap<>();
        for (JsonNode s : prometheus.query("sum by (method, name) (loadtest_requests_total{" + run + "})")) {
            scraped.put(s.path("metric").path("method").asText() + " " + s.path("metric").path("name").asText(),
                    (long) Double.parseDouble(s.path("value").get(1).asText()));
        }
        assertThat(scraped).isEqualTo(runner);
    }

    private HttpResponse<String> post(ControlServer runner, String path, Object body) throws Exception {
        return http.send(request(runner, path).POST(body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String get(ControlServer runner, String path) throws Exception {
        HttpResponse<String> r = http.send(request(runner, path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    private static HttpRequest.Builder request(ControlServer runner, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.port() + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN);
    }

    private void log(String what) {
        System.out.printf("DashboardQueriesIT +%.1f s: %s%n", (System.nanoTime() - began) / 1e9, what);
    }
}
