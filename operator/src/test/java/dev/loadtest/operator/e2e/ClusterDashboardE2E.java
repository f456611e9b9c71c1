package dev.loadtest.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Release;
import dev.loadtest.api.v1alpha1.EndpointSummary;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.Stage;
import dev.loadtest.operator.chart.Chart;
import dev.loadtest.testcluster.ImageCommand;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.loadtest.operator.e2e.LoadTestE2E.NS;
import static dev.loadtest.operator.e2e.LoadTestE2E.OPERATOR_JAR;
import static dev.loadtest.operator.e2e.LoadTestE2E.ROOT;
import static dev.loadtest.operator.e2e.LoadTestE2E.RUNNER_IMAGE;
import static dev.loadtest.operator.e2e.LoadTestE2E.RUNNER_JAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Grafana for a cluster run, as a user sets it up: the chart installed with real Helm, a LoadTest run by the
 * operator on the test cluster, and Debian's Prometheus scraping the runner pods and the operator pod with the
 * scrape configuration of docs/install.md ("Metrics and Grafana"), copied from the doc at run time. Every panel
 * query of the shipped dashboard, with its variables set to the LoadTest's namespace and name, must return that
 * run's figures, equal to its status.
 *
 * <p>Debian's Prometheus 2.42 is built without Kubernetes discovery, so the doc's {@code kubernetes_sd_configs}
 * is the one line replaced: the test lists the pods through the API server every half second and hands them to
 * {@code file_sd_configs} with the labels pod discovery gives ({@link PodDiscovery}). The relabelling runs as
 * documented; only the scrape interval is 1 s instead of 5 s, so that a 20 s run has enough samples.
 *
 * <p>Pods run in the test kubelet's PROCESS mode (the images played by their jars): what is tested here is
 * discovery, relabelling and the dashboard's PromQL, which the container mode would not change; ChartInstallE2E
 * runs the same chart in container mode.
 */
class ClusterDashboardE2E {

    static final Path DASHBOARD = ROOT.resolve("docs/grafana/loadtest-dashboard.json");
    static final Path INSTALL_DOC = ROOT.resolve("docs/install.md");
    static final String NAME = "dashboard";
    static final int USERS = 6;
    /** Load for 14 s, then no users for 6 s: the runners' counters are final for several scrapes before they quit. */
    static final List<Stage> STAGES = List.of(stage("14s", USERS), stage("6s", 0));
    /** Grafana's $__rate_interval for a 1 s scrape interval: max($__interval + scrape interval, 4 x scrape interval). */
    static final String RATE_INTERVAL = "4s";
    /** The fixed bucket bounds of loadtest_requests_seconds (docs/grafana.md, "Buckets"), in seconds. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    @RegisterExtension
    static KubeClusterExtension cluster = KubeClusterExtension.builder().crds(null)
            .image(ChartInstallE2E.OPERATOR_IMAGE, ChartInstallE2E.operatorJar())
            .image(RUNNER_IMAGE, ImageCommand.javaJar(RUNNER_JAR))
            .build();

    static CountingTarget target;
    static Prometheus prometheus;
    static ScheduledExecutorService discovery;
    static Path targetsFile;
    private final long began = System.nanoTime();

    @BeforeAll
    static void start() throws IOException {
        assertThat(OPERATOR_JAR).as("the operator jar is built by package, before failsafe runs").exists();
        assertThat(RUNNER_JAR).as("build the runner first: mvn -B -pl runner-image -am package").exists();
        target = new CountingTarget();
        target.failEveryNthCheckout(3);
        Path dir = ROOT.resolve("operator/target/e2e-cluster-prometheus-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        targetsFile = dir.resolve("pods.json");
        PodDiscovery.write(targetsFile, List.of());
        discovery = Executors.newSingleThreadScheduledExecutor();
        discovery.scheduleWithFixedDelay(() -> {
            try {
                PodDiscovery.write(targetsFile, cluster.client().pods().inAnyNamespace().list().getItems());
            } catch (RuntimeException e) {
                System.out.println("[ClusterDashboardE2E] discovery: " + e); // the next round retries
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
        prometheus = Prometheus.startWithConfig(dir, PodDiscovery.documentedConfig(Files.readString(INSTALL_DOC), targetsFile));
    }

    @AfterAll
    static void stop() {
        if (discovery != null) {
            discovery.shutdownNow();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void everyPanelQueryOfTheDashboardReturnsTheClusterRunsFigures() throws Exception {
        KubernetesClient client = cluster.client();
        Release release = Chart.helm().install().withName(ChartInstallE2E.RELEASE).withNamespace(ChartInstallE2E.SYSTEM)
                .createNamespace().withKubeConfig(cluster.kubeconfig())
                .withValuesFile(Chart.valuesFile(ChartInstallE2E.values(Map.of()))).call();
        assertThat(release.getStatus()).isEqualTo("deployed");
        ChartInstallE2E.awaitRunningOperator(client, ChartInstallE2E.SYSTEM, null);
        log("operator pod running");
        // the operator pod, found through the API server and relabelled as documented, is scraped
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> !prometheus.query("up{job=\"loadtest-operator\"} == 1").isEmpty());

        LoadTest lt = LoadTestE2E.loadTest(NAME, 2, USERS, null, target.baseUrl());
        lt.getSpec().setStages(STAGES);
        Instant created = Instant.now();
        client.resource(lt).create();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300))
                .until(() -> prometheus.query("up{job=\"loadtest-runners\"} == 1").size() == 2);
        assertRunnerTargetsLabelledAsDiscoveryWould(client);
        log("both runner pods scraped");

        LoadTest done = LoadTestE2E.awaitFinished(client, NAME, Duration.ofMinutes(2));
        assertThat(done.getStatus().getPhase()).as(String.valueOf(done.getStatus().getConditions())).isEqualTo("Succeeded");
        Instant finished = Instant.now();
        String runId = done.getStatus().getRunId();
        EndpointSummary total = done.getStatus().getSummary().getAggregated();
        assertThat(total.getRequests()).isPositive().isEqualTo(target.served());
        assertThat(total.getFailures()).as("every third checkout failed").isPositive();
        log("run " + runId + " finished: " + total.getRequests() + " requests, " + total.getFailures() + " failures");
        String selector = "{namespace=\"" + NS + "\", loadtest=\"" + NAME + "\", run_id=\"" + runId + "\"}";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> !prometheus.query("loadtest_run_requests" + selector).isEmpty());

        Map<String, String> values = new HashMap<>();
        values.put("namespace", NS);
        values.put("loadtest", NAME);
        // a multi-value variable used with =~: Grafana regex-escapes its values, the backslash doubled in PromQL
        values.put("run_id", runId.replaceAll("[\\\\^$*+?.()|\\[\\]{}]", "\\\\\\\\$0"));
        values.put("__rate_interval", RATE_INTERVAL);
        values.put("__interval", "1s");
        values.put("__range", Duration.between(created, finished).toSeconds() + 5 + "s");
        assertVariablesOffer(runId);

        Map<String, EndpointSummary> endpoints = new TreeMap<>();
        done.getStatus().getSummary().getEndpoints().forEach(e -> endpoints.put(e.getMethod() + " " + e.getName(), e));
        Map<String, JsonNode> results = new LinkedHashMap<>();
        int ran = 0;
        for (JsonNode[] q : panelQueries()) {
            String panel = q[0].path("title").asText();
            String key = panel + " " + q[1].path("refId").asText();
            String promql = substitute(q[1].path("expr").asText(), values);
            JsonNode result = q[1].path("instant").asBoolean()
                    ? prometheus.query(promql)
                    : prometheus.queryRange(promql, created, finished, Duration.ofSeconds(1));
            assertThat(result).as("panel %s returned no series: %s", key, promql).isNotEmpty();
            results.put(key, result);
            ran++;
        }
        log("ran " + ran + " panel queries");
        SoftAssertions soft = new SoftAssertions();

        // Endpoints table and the failure tables: the run's totals, exactly
        soft.assertThat(byEndpoint(results.get("Endpoints A"))).as("Endpoints: requests")
                .isEqualTo(map(endpoints, e -> (double) e.getRequests()));
        soft.assertThat(byEndpoint(results.get("Endpoints B"))).as("Endpoints: failures (endpoints that failed)")
                .isEqualTo(failedOnly(map(endpoints, e -> (double) e.getFailures())));
        byEndpoint(results.get("Endpoints C")).forEach((k, v) -> soft.assertThat(v).as("failure ratio of " + k)
                .isCloseTo((double) endpoints.get(k).getFailures() / endpoints.get(k).getRequests(), within(1e-9)));
        // the mean from _sum / _count: both sums are of the same durations, but the statistics' avgMs is rounded
        // to 0.001 ms and the metrics' sum is kept in seconds, as a double: 0.01 ms + 0.1 %
        byEndpoint(results.get("Endpoints D")).forEach((k, v) -> soft.assertThat(v * 1000).as("mean ms of " + k)
                .isCloseTo(endpoints.get(k).getAvgMs(), within(0.01 + endpoints.get(k).getAvgMs() * 1e-3)));
        // percentiles from buckets are interpolated within a bucket: the exact percentile of the status must lie in
        // the bucket the dashboard's value lies in (docs/grafana.md, "Buckets")
        comparePercentile(soft, results.get("Endpoints E"), endpoints, EndpointSummary::getP50Ms, "p50");
        comparePercentile(soft, results.get("Endpoints F"), endpoints, EndpointSummary::getP95Ms, "p95");
        comparePercentile(soft, results.get("Endpoints G"), endpoints, EndpointSummary::getP99Ms, "p99");
        JsonNode byClass = results.get("Failures by error class A");
        soft.assertThat(byClass).as("one error class: the target's 500s").hasSize(1);
        soft.assertThat(byClass.get(0).path("metric").path("error_class").asText()).isEqualTo("http_5xx");
        soft.assertThat(value(byClass.get(0))).as("failures by class").isEqualTo(total.getFailures().doubleValue());
        soft.assertThat(byEndpoint(results.get("Failures by endpoint and error class A")))
                .isEqualTo(failedOnly(map(endpoints, e -> (double) e.getFailures())));

        // time series panels, asked for as Grafana asks (a range query, step 1 s, rate window 4 s). Each increase
        // is seen by RATE_INTERVAL / step windows, each with increase / RATE_INTERVAL, so the integral of a rate
        // series is what the counter counted while Prometheus watched it. Two limits, both rate()'s: what a series
        // already counted at its first scrape is invisible to it (all of the logins, which happen as users start;
        // an endpoint's first failure), and its extrapolation at a series' first and last samples moves the
        // integral by a fraction of a scrape's worth. So the integral must lie between what came after the first
        // scrapes (less 15 %) and the whole count (plus 15 %). The status' rps is compared through the span it is
        // measured over (start to last request: requests / rps).
        double span = total.getRequests() / total.getRps();
        double rps = integral(results.get("Requests/s B").get(0)) / span;
        log(String.format("Requests/s: dashboard %.2f over the run's %.1f s, status %.2f", rps, span, total.getRps()));
        assertCounted(soft, "Requests/s total", rps * span, total.getRequests(),
                firstScraped("loadtest_requests_total", values, null));
        Map<String, Double> perEndpoint = new TreeMap<>();
        results.get("Requests/s A").forEach(s -> perEndpoint.put(key(s), integral(s)));
        soft.assertThat(perEndpoint.keySet()).isEqualTo(endpoints.keySet());
        perEndpoint.forEach((k, v) -> assertCounted(soft, "Requests/s of " + k, v, endpoints.get(k).getRequests(),
                firstScraped("loadtest_requests_total", values, k)));
        double failures = integral(results.get("Failures/s B").get(0));
        log(String.format("Failures/s: dashboard integral %.1f, status %d", failures, total.getFailures()));
        assertCounted(soft, "Failures/s total", failures, total.getFailures(),
                firstScraped("loadtest_request_failures_total", values, null));
        soft.assertThat(integral(results.get("Failures/s by error class A").get(0))).as("Failures/s by class")
                .isCloseTo(failures, within(1e-6));
        soft.assertThat(keys(results.get("Failures/s A"))).isEqualTo(byEndpoint(results.get("Endpoints B")).keySet());
        // users: the stage's peak in total and split over the runners, the spawned count at the end
        soft.assertThat(max(results.get("Users A").get(0))).as("users at the peak").isEqualTo(USERS);
        soft.assertThat(last(results.get("Users A").get(0))).as("users in the last stage").isEqualTo(0);
        double perRunner = 0;
        for (JsonNode s : results.get("Users B")) {
            perRunner += max(s);
        }
        soft.assertThat(results.get("Users B")).as("one series per runner").hasSize(2);
        soft.assertThat(perRunner).as("the runners' peaks add up to the users").isEqualTo(USERS);
        // the highest point, not the last: once a runner's pod is gone, Prometheus marks its series stale, so the
        // sum's last points may hold only the runners still scraped
        soft.assertThat(max(results.get("Users C").get(0))).as("users spawned").isEqualTo(USERS);
        // response time series: every endpoint, and no window's percentile beyond the bucket of the run's maximum
        for (String ref : List.of("A", "B", "C")) {
            JsonNode series = results.get("Response time p50 / p95 / p99 per endpoint " + ref);
            soft.assertThat(keys(series)).as("response time " + ref).isEqualTo(endpoints.keySet());
            series.forEach(s -> soft.assertThat(max(s) * 1000).as("response time %s of %s", ref, key(s))
                    .isLessThanOrEqualTo(upperBound(endpoints.get(key(s)).getMaxMs() / 1000) * 1000));
        }
        // Recent runs: the operator's gauges, as the status says
        soft.assertThat(single(results.get("Recent runs A"), runId)).isEqualTo(total.getRequests().doubleValue());
        soft.assertThat(single(results.get("Recent runs B"), runId))
                .isCloseTo((double) total.getFailures() / total.getRequests(), within(1e-9));
        soft.assertThat(single(results.get("Recent runs C"), runId)).isEqualTo(total.getP95Ms() / 1000.0);
        soft.assertThat(single(results.get("Recent runs D"), runId)).isEqualTo(1.0);
        soft.assertAll();
        log("every panel agrees with the status");
    }

    /** The integral of a rate series against a count: see the comment where it is used. */
    private static void assertCounted(SoftAssertions soft, String what, double integral, long count, double firstScraped) {
        double visible = count - firstScraped;
        soft.assertThat(integral).as("%s: integral of the rate series vs %d counted, %.0f of them before the first scrape",
                what, count, firstScraped).isBetween(visible * 0.85, count * 1.15);
    }

    /**
     * What the series of a counter already held at their first scrape, added up over runners and series: a
     * counter never decreases within a run, so its first sample is its minimum over the run.
     */
    private static double firstScraped(String counter, Map<String, String> values, String endpoint) {
        String selector = "namespace=\"" + values.get("namespace") + "\", loadtest=\"" + values.get("loadtest")
                + "\", run_id=~\"" + values.get("run_id") + "\"";
        if (endpoint != null) {
            int space = endpoint.indexOf(' ');
            selector += ", method=\"" + endpoint.substring(0, space) + "\", name=\"" + endpoint.substring(space + 1) + "\"";
        }
        JsonNode r = prometheus.query("sum(min_over_time(" + counter + "{" + selector + "}[" + values.get("__range") + "]))");
        return r.isEmpty() ? 0 : value(r.get(0));
    }

    /** The runner targets carry what pod discovery and the documented relabelling give them. */
    private static void assertRunnerTargetsLabelledAsDiscoveryWould(KubernetesClient client) {
        List<Pod> pods = client.pods().inNamespace(NS).withLabel("app.kubernetes.io/instance", NAME)
                .withLabel("app.kubernetes.io/component", "runner").list().getItems();
        Map<String, String> expected = new TreeMap<>();
        pods.forEach(p -> expected.put(p.getStatus().getPodIP() + ":8089", p.getMetadata().getName()));
        Map<String, String> scraped = new TreeMap<>();
        for (JsonNode t : prometheus.activeTargets()) {
            if ("loadtest-runners".equals(t.path("labels").path("job").asText())) {
                assertThat(t.path("scrapeUrl").asText()).endsWith("/metrics");
                scraped.put(t.path("labels").path("instance").asText(), t.path("labels").path("pod").asText());
            }
        }
        assertThat(scraped).as("instance -> pod label").isEqualTo(expected);
    }

    private void assertVariablesOffer(String runId) {
        assertThat(prometheus.labelValues("namespace", "loadtest_users")).contains(NS);
        assertThat(prometheus.labelValues("loadtest", "loadtest_users{namespace=\"" + NS + "\"}")).contains(NAME);
        assertThat(prometheus.labelValues("run_id", "loadtest_users{namespace=\"" + NS + "\", loadtest=\"" + NAME + "\"}"))
                .containsExactly(runId);
    }

    private static void comparePercentile(SoftAssertions soft, JsonNode result, Map<String, EndpointSummary> endpoints,
                                          java.util.function.Function<EndpointSummary, Double> exact, String which) {
        byEndpoint(result).forEach((k, v) -> {
            double statusSeconds = exact.apply(endpoints.get(k)) / 1000;
            double upper = upperBound(v);
            double lower = lowerBound(upper);
            // the status' percentile is exact to 3 significant digits: a value at a bound may round across it
            soft.assertThat(statusSeconds).as("%s of %s: dashboard %.4f s in (%s, %s]", which, k, v, lower, upper)
                    .isBetween(lower * 0.999, upper * 1.001);
        });
    }

    /** The smallest bucket bound at or above {@code seconds}. */
    static double upperBound(double seconds) {
        for (double b : BUCKETS) {
            if (seconds <= b) {
                return b;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double lowerBound(double upper) {
        double lower = 0;
        for (double b : BUCKETS) {
            if (b >= upper) {
                break;
            }
            lower = b;
        }
        return lower;
    }

    private static Map<String, Double> map(Map<String, EndpointSummary> endpoints,
                                           java.util.function.Function<EndpointSummary, Double> f) {
        Map<String, Double> out = new TreeMap<>();
        endpoints.forEach((k, e) -> out.put(k, f.apply(e)));
        return out;
    }

    private static Map<String, Double> failedOnly(Map<String, Double> failures) {
        Map<String, Double> out = new TreeMap<>(failures);
        out.values().removeIf(v -> v == 0);
        return out;
    }

    /** An instant vector by "method name" (several error classes of an endpoint added up). */
    private static Map<String, Double> byEndpoint(JsonNode vector) {
        Map<String, Double> out = new TreeMap<>();
        vector.forEach(s -> out.merge(key(s), value(s), Double::sum));
        return out;
    }

    private static java.util.Set<String> keys(JsonNode result) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        result.forEach(s -> out.add(key(s)));
        return out;
    }

    private static String key(JsonNode sample) {
        return sample.path("metric").path("method").asText() + " " + sample.path("metric").path("name").asText();
    }

    private static double value(JsonNode sample) {
        return Double.parseDouble(sample.path("value").get(1).asText());
    }

    private static double single(JsonNode vector, String runId) {
        assertThat(vector).hasSize(1);
        assertThat(vector.get(0).path("metric").path("run_id").asText()).isEqualTo(runId);
        return value(vector.get(0));
    }

    /** The sum of a range series' values times its 1 s step; NaN (a quantile without requests) counts 0. */
    private static double integral(JsonNode series) {
        double sum = 0;
        for (JsonNode v : series.path("values")) {
            double d = Double.parseDouble(v.get(1).asText());
            sum += Double.isFinite(d) ? d : 0;
        }
        return sum;
    }

    private static double max(JsonNode series) {
        double max = Double.NEGATIVE_INFINITY;
        for (JsonNode v : series.path("values")) {
            double d = Double.parseDouble(v.get(1).asText());
            if (Double.isFinite(d)) {
                max = Math.max(max, d);
            }
        }
        return max;
    }

    private static double last(JsonNode series) {
        JsonNode values = series.path("values");
        return Double.parseDouble(values.get(values.size() - 1).get(1).asText());
    }

    /** Each target of each panel, as {panel, target}; panels in collapsed rows included. */
    private static List<JsonNode[]> panelQueries() throws IOException {
        List<JsonNode[]> out = new ArrayList<>();
        collect(new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels"), (p, t) -> out.add(new JsonNode[] {p, t}));
        return out;
    }

    private static void collect(JsonNode panels, BiConsumer<JsonNode, JsonNode> into) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(t -> into.accept(panel, t));
            collect(panel.path("panels"), into);
        }
    }

    private static String substitute(String text, Map<String, String> values) {
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

    private static Stage stage(String duration, int users) {
        Stage s = new Stage();
        s.setDuration(duration);
        s.setUsers(users);
        return s;
    }

    private void log(String what) {
        System.out.printf("[ClusterDashboardE2E +%.1f s] %s%n", (System.nanoTime() - began) / 1e9, what);
    }
}
