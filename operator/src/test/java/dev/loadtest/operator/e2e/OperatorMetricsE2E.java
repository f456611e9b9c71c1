package dev.loadtest.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.v1alpha1.EndpointSummary;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.loadtest.operator.e2e.LoadTestE2E.NS;
import static dev.loadtest.operator.e2e.LoadTestE2E.ROOT;
import static dev.loadtest.operator.e2e.LoadTestE2E.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's metrics for real: the packaged operator (as in {@link LoadTestE2E}) runs one short LoadTest on the
 * test cluster, Debian's Prometheus scrapes its {@code /q/metrics}, and the queries of the dashboard's panels that
 * read the operator ({@code "Recent runs"}, which runner-image's DashboardQueriesIT must skip) must each return data,
 * with the run's requests equal to its status. A dashboard query that returns nothing fails this test.
 */
class OperatorMetricsE2E {

    static final Path DASHBOARD = ROOT.resolve("docs/grafana/loadtest-dashboard.json");
    /** The dashboard panels fed by the operator's gauges (runner-image's DashboardQueriesIT.OPERATOR_PANELS). */
    static final List<String> OPERATOR_PANELS = List.of("Recent runs");
    static final String NAME = "metrics";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    @RegisterExtension
    @Order(1)
    static KubeClusterExtension cluster = RestartableOperator.runnerProcessCluster().build();

    @RegisterExtension
    @Order(2)
    static RestartableOperator<CountingTarget> operator = RestartableOperator.on(cluster).log("operator-metrics").withHttpPort().build();

    static Prometheus prometheus;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final long began = System.nanoTime();

    @BeforeAll
    static void start() throws IOException {
        prometheus = Prometheus.start(ROOT.resolve("operator/target/e2e-prometheus-" + ProcessHandle.current().pid()),
                "127.0.0.1:" + operator.httpPort(), "/q/metrics");
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void prometheusScrapesTheOperatorAndEveryRecentRunsQueryReturnsTheRunsFigures() throws Exception {
        KubernetesClient client = cluster.client();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> metricsText().contains("loadtests{"));
        log("operator serves /q/metrics on 127.0.0.1:" + operator.httpPort());

        client.resource(LoadTestE2E.loadTest(NAME, 2, 4, "8s", operator.target().baseUrl())).create();
        // the runner pods carry the scrape annotations (docs/grafana.md, step 1)
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).until(() -> !runnerPods(client).isEmpty());
        assertThat(runnerPods(client)).allSatisfy(p -> assertThat(p.getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "8089")
                .containsEntry("prometheus.io/path", "/metrics"));

        LoadTest done = awaitFinished(client, NAME, Duration.ofMinutes(2));
        log("run finished: " + done.getStatus().getPhase());
        assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
        String runId = done.getStatus().getRunId();
        EndpointSummary aggregated = done.getStatus().getSummary().getAggregated();
        assertThat(aggregated.getRequests()).isPositive().isEqualTo(operator.target().served());

        String selector = "{namespace=\"" + NS + "\", loadtest=\"" + NAME + "\", run_id=\"" + runId + "\"}";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> !prometheus.query("loadtest_run_thresholds_met" + selector).isEmpty());
        log("Prometheus has scraped the run's gauges");

        Map<String, String> values = Map.of("namespace", NS, "loadtest", NAME,
                "__range", (Duration.ofNanos(System.nanoTime() - began).toSeconds() + 60) + "s");
        Map<String, Double> byRef = new LinkedHashMap<>();
        SoftAssertions soft = new SoftAssertions();
        List<JsonNode[]> queries = operatorPanelQueries();
        assertThat(queries).as("the dashboard has the operator's panels " + OPERATOR_PANELS).hasSize(4);
        for (JsonNode[] q : queries) {
            String panel = q[0].path("title").asText();
            String refId = q[1].path("refId").asText();
            String promql = substitute(q[1].path("expr").asText(), values);
            JsonNode result = prometheus.query(promql);
            if (result.isEmpty()) {
                soft.fail("panel '%s' query %s returned no series: %s", panel, refId, promql);
                continue;
            }
            soft.assertThat(result).as("panel '%s' query %s: %s", panel, refId, promql).hasSize(1);
            soft.assertThat(result.get(0).path("metric").path("run_id").asText()).as("run_id of " + refId).isEqualTo(runId);
            double value = Double.parseDouble(result.get(0).path("value").get(1).asText());
            soft.assertThat(Double.isFinite(value)).as("panel '%s' query %s is a number: %s", panel, refId, result).isTrue();
            byRef.put(q[1].path("expr").asText().replaceAll(".*\\((loadtest_run_\\w+).*", "$1"), value);
        }
        soft.assertAll();
        log("ran " + queries.size() + " queries of " + OPERATOR_PANELS + ": " + byRef);
        assertThat(byRef.get("loadtest_run_requests")).as("requests = status.summary.aggregated.requests")
                .isEqualTo(aggregated.getRequests().doubleValue());
        assertThat(byRef.get("loadtest_run_failure_ratio")).isEqualTo(
                (double) aggregated.getFailures() / aggregated.getRequests());
        assertThat(byRef.get("loadtest_run_p95_seconds")).isEqualTo(aggregated.getP95Ms() / 1000.0);
        assertThat(byRef.get("loadtest_run_thresholds_met")).isEqualTo(1.0);

        // the operator's other metrics, scraped too
        // read from the informer cache at each scrape, which can lag the run gauges by a scrape
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> scalar("sum(loadtests{phase=\"Succeeded\"})") == 1.0);
        assertThat(scalar("sum(loadtest_runner_polls_total{outcome=\"success\"})")).isPositive();
        assertThat(scalar("sum(loadtest_reconcile_seconds_count{outcome=\"success\"})")).isPositive();
        assertThat(scalar("sum(loadtest_reconcile_seconds_sum)")).isPositive();

        // deleting the LoadTest drops its run gauges (pruned from the informer cache every 15 s)
        client.resources(LoadTest.class).inNamespace(NS).withName(NAME).delete();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !metricsText().contains("run_id=\"" + runId + "\""));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> scalar("sum(loadtests{phase=\"Succeeded\"})") == 0.0);
        log("the deleted LoadTest's gauges are gone");
    }

    private static List<Pod> runnerPods(KubernetesClient client) {
        return client.pods().inNamespace(NS).withLabel("app.kubernetes.io/instance", NAME)
                .withLabel("app.kubernetes.io/component", "runner").list().getItems();
    }

    private double scalar(String promql) {
        JsonNode result = prometheus.query(promql);
        assertThat(result).as(promql).hasSize(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private static String metricsText() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort()
                + "/q/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** Each target of the operator's panels, as {panel, target}; panels in collapsed rows included. */
    private static List<JsonNode[]> operatorPanelQueries() throws IOException {
        List<JsonNode[]> out = new ArrayList<>();
        collect(new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels"), out);
        return out;
    }

    private static void collect(JsonNode panels, List<JsonNode[]> out) {
        for (JsonNode panel : panels) {
            if (OPERATOR_PANELS.contains(panel.path("title").asText())) {
                panel.path("targets").forEach(t -> out.add(new JsonNode[] {panel, t}));
            }
            collect(panel.path("panels"), out);
        }
    }

    /** {@code $name} and {@code ${name}} replaced as Grafana would; a variable this test does not know fails. */
    static String substitute(String text, Map<String, String> values) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            if (value == null) {
                throw new AssertionError("the panel uses $" + name + ", which this test does not know: " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void log(String what) {
        System.out.printf("[OperatorMetricsE2E +%.1f s] %s%n", (System.nanoTime() - began) / 1e9, what);
    }
}
