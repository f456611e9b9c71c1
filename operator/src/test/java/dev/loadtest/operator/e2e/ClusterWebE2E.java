package dev.loadtest.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.v1alpha1.EndpointSummary;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.api.v1alpha1.RunRecord;
import dev.loadtest.api.v1alpha1.Threshold;
import dev.loadtest.api.v1alpha1.ThresholdMetric;
import dev.loadtest.testcluster.Chromium;
import dev.loadtest.testcluster.ImageCommand;
import dev.loadtest.testcluster.KubeClusterExtension;
import dev.loadtest.testcluster.ProjectLayout;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's web UI against a real API server, its runs on real runners: the JSON API's list and LoadTest page
 * follow a run live and end on the figures of status, two runs stand side by side with their deltas, and after the
 * runner pods are gone and the operator restarted the page still shows both. Debian's Chromium then drives the
 * page by keyboard at 1280x800 and at phone width; the screenshots are kept in operator/target/web-ui-screenshots
 * (docs/web-ui.md shows copies).
 */
class ClusterWebE2E {

    static final Path ROOT = ProjectLayout.repositoryRoot();
    static final Path RUNNER_JAR = ROOT.resolve("runner-image/target/loadtest-runner.jar");
    static final Path OPERATOR_JAR = ROOT.resolve("operator/target/quarkus-app/quarkus-run.jar");
    static final Path SHOTS = ROOT.resolve("operator/target/web-ui-screenshots");
    static final String RUNNER_IMAGE = "ghcr.io/loadtest/runner";
    static final String NS = "default";
    static final String NAME = "shop-web";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static KubeClusterExtension cluster = KubeClusterExtension.builder()
            .crds(ROOT.resolve("crds"))
            .image(RUNNER_IMAGE, ImageCommand.javaJar(RUNNER_JAR))
            .build();

    static CountingTarget target;
    static OperatorProcess operator;
    static int port;
    static int starts;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTargetAndOperator() throws IOException {
        assertThat(RUNNER_JAR).as("build the runner first: mvn -B -pl runner-image -am package").exists();
        assertThat(OPERATOR_JAR).as("the operator jar is built by package, before failsafe runs").exists();
        target = new CountingTarget();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        operator = startOperator();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (operator != null) {
            operator.close();
        }
        if (target != null) {
            target.close();
        }
    }

    static OperatorProcess startOperator() throws IOException {
        starts++;
        return new OperatorProcess(OPERATOR_JAR, cluster.kubeconfig(),
                ROOT.resolve("operator/target/e2e-logs/operator-web-" + starts + ".log"), RUNNER_IMAGE + ":e2e", port);
    }

    @Test
    void theListAndPageFollowTwoRunsSideBySideAndOutliveTheRunnersAndARestart() throws Exception {
        KubernetesClient client = cluster.client();
        // the browser first: it takes long to start on a busy machine, and the run is to be watched live
        try (Chromium browser = Chromium.start(Files.createTempDirectory("chromium-web"))) {
            watch(client, browser.driver);
        }

        // read-only: nothing but GET is routed
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base() + pagePath()))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/loadtests/" + NS
                + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no LoadTest default/nope");
    }

    private void watch(KubernetesClient client, RemoteWebDriver b) throws Exception {
        client.resource(loadTest()).create();
        Resource<LoadTest> res = client.resources(LoadTest.class).inNamespace(NS).withName(NAME);

        // live: the list shows it running, with figures from the operator's merge that rise between polls
        JsonNode first = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> item(get("/api/loadtests")), i -> i != null && "Running".equals(i.path("phase").asText())
                        && i.path("live").asBoolean() && i.path("requests").asLong() > 0);
        assertThat(first.path("verdict").asText()).isEqualTo("Pending");
        long early = first.path("requests").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> item(get("/api/loadtests")).path("requests").asLong() > early);
        JsonNode live = get(pagePath());
        assertThat(live.path("source").asText()).isEqualTo("live");
        assertThat(live.path("stats")).isNotEmpty();
        assertThat(last(live.path("stats")).path("name").asText()).isEqualTo("Aggregated");
        assertThat(live.path("thresholdsDefined").asBoolean()).isTrue();

        {
            // the run's page first, while it runs: the operator's live merge
            b.get(base() + "/#/" + NS + "/" + NAME);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    b.findElements(By.cssSelector("#stats-table tbody tr.aggregated")).size() == 1);
            assertThat(b.findElement(By.id("source")).getText()).startsWith("Live: the operator's merge");
            assertThat(b.findElement(By.id("where")).getText()).isEqualTo(NS + "/" + NAME);
            shot(b, "cluster-run-live");
            noSidewaysScroll(b);

            b.get(base() + "/");
            await().atMost(Duration.ofSeconds(20)).until(() -> !b.findElements(By.linkText(NAME)).isEmpty());
            assertThat(b.findElement(By.id("boxes")).isDisplayed()).as("a run's figures, only on its page").isFalse();
            shot(b, "cluster-list");
            // keyboard only: the skip link, then the LoadTest's link, then the tabs by arrow keys
            b.findElement(By.tagName("body")).sendKeys(Keys.TAB);
            assertThat(b.switchTo().activeElement().getText()).isEqualTo("Skip to the content");
            focusByTab(b, By.linkText(NAME));
            Thread.sleep(2500); // a refresh of the list in between: the link keeps the focus
            assertThat(b.switchTo().activeElement().getText()).isEqualTo(NAME);
            b.switchTo().activeElement().sendKeys(Keys.ENTER);
            await().atMost(Duration.ofSeconds(10)).until(() -> b.findElement(By.id("detail-view")).isDisplayed()
                    && b.findElements(By.cssSelector("#stats-table tbody tr.aggregated")).size() == 1);
            assertThat(b.findElement(By.id("where")).getText()).isEqualTo(NS + "/" + NAME);
            focusByTab(b, By.id("tab-stats"));
            b.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
            assertThat(b.findElement(By.id("tab-failures")).getAttribute("aria-selected")).isEqualTo("true");
            assertThat(b.findElement(By.id("panel-failures")).isDisplayed()).isTrue();
            b.switchTo().activeElement().sendKeys(Keys.END);
            assertThat(b.findElement(By.id("tab-download")).getAttribute("aria-selected")).isEqualTo("true");
            b.switchTo().activeElement().sendKeys(Keys.HOME);
            assertThat(b.findElement(By.id("tab-stats")).getAttribute("aria-selected")).isEqualTo("true");

            // finished: the page's figures are status' figures, its verdict status' verdict
            LoadTest done = awaitFinished(res);
            assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
            String run1 = done.getStatus().getRunId();
            JsonNode page1 = get(pagePath());
            assertThat(page1.path("source").asText()).isEqualTo("live");
            assertThat(page1.path("verdict").asText()).isEqualTo("Passed");
            assertEqualsStatus(page1, done);
            assertThat(page1.path("thresholds").get(0).path("met").asBoolean()).isTrue();
            assertThat(page1.path("thresholds").get(0).path("message").asText())
                    .isEqualTo(done.getStatus().getThresholds().getFirst().getMessage());

            // a second run: both side by side, the newer with its change against the first
            target.reset();
            res.edit(l -> {
                Map<String, String> annotations = new HashMap<>(l.getMetadata().getAnnotations() == null ? Map.of()
                        : l.getMetadata().getAnnotations());
                annotations.put("loadtest.dev/rerun", "second");
                l.getMetadata().setAnnotations(annotations);
                return l;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> !run1.equals(res.get().getStatus().getRunId()));
            LoadTest done2 = awaitFinished(res);
            long served2 = target.served();
            String run2 = done2.getStatus().getRunId();
            JsonNode page2 = get(pagePath());
            assertEqualsStatus(page2, done2);
            assertHistory(page2, done2, run1, run2);

            b.navigate().refresh();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    b.findElements(By.cssSelector("#history-table tbody tr")).size() == 2);
            b.findElement(By.id("tab-history")).click();
            assertThat(b.findElement(By.cssSelector("#history-table tbody tr th")).getText()).isEqualTo(run2);
            assertThat(b.findElements(By.cssSelector("#history-table tbody tr")).getFirst()
                    .findElements(By.cssSelector("td.delta")).getFirst().getText()).matches("[+\u2212\u00b1].*");
            shot(b, "cluster-history");

            // the runner pods gone and the operator restarted: its memory is empty, the page shows status
            for (String run : List.of(run1, run2)) {
                client.pods().inNamespace(NS).withLabel("loadtest.dev/run-id", run).delete();
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> List.of(run1, run2).stream().allMatch(run ->
                    client.pods().inNamespace(NS).withLabel("loadtest.dev/run-id", run).list().getItems().isEmpty()));
            operator.close();
            operator = startOperator();
            JsonNode after = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> get(pagePath()), p -> p.path("runId").asText().equals(run2));
            LoadTest now = res.get();
            assertThat(now.getStatus().getRunId()).isEqualTo(run2);
            assertThat(after.path("source").asText()).isEqualTo("status");
            assertThat(after.path("verdict").asText()).isEqualTo("Passed");
            assertEqualsStatus(after, now);
            assertHistory(after, now, run1, run2);

            // the runs' Locust files, from the results persisted in the cluster
            HttpResponse<String> stats = raw(pagePath() + "/runs/" + run2 + "/stats.csv");
            assertThat(stats.statusCode()).isEqualTo(200);
            assertThat(stats.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
            assertThat(stats.headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename=\"" + NAME + "_" + run2 + "_stats.csv\"");
            assertThat(stats.body()).startsWith("Type,Name,Request Count,Failure Count,Median Response Time,");
            assertThat(aggregatedCount(stats.body())).as("what the target counted in run 2").isEqualTo(served2)
                    .isEqualTo(now.getStatus().getSummary().getAggregated().getRequests());
            assertThat(aggregatedCount(raw(pagePath() + "/runs/" + run1 + "/stats.csv").body()))
                    .isEqualTo(now.getStatus().getHistory().getFirst().getRequests());
            for (String file : List.of("stats_history.csv", "failures.csv", "exceptions.csv")) {
                HttpResponse<String> r = raw(pagePath() + "/runs/" + run2 + "/" + file);
                assertThat(r.statusCode()).as(file).isEqualTo(200);
                assertThat(r.body()).as(file).isNotBlank();
            }
            HttpResponse<String> report = raw(pagePath() + "/runs/" + run2 + "/report.html");
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(report.body()).contains("<html").contains(target.baseUrl());
            assertThat(raw(pagePath() + "/runs/" + run2 + "/report.html?download=1").headers()
                    .firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + NAME + "_" + run2 + "_report.html\"");
            assertThat(raw(pagePath() + "/runs/nope/stats.csv").statusCode()).isEqualTo(404);
            assertThat(raw(pagePath() + "/runs/" + run2 + "/secrets.csv").statusCode()).isEqualTo(404);

            b.navigate().refresh();
            await().atMost(Duration.ofSeconds(10)).until(() -> b.findElement(By.id("source")).getText()
                    .startsWith("From the LoadTest's status"));
            assertThat(b.findElement(By.id("source")).getText()).endsWith("every endpoint and Aggregated.");
            shot(b, "cluster-run-after-restart");
            b.findElement(By.id("tab-download")).click();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    b.findElements(By.cssSelector("#downloads li")).size() == 2);
            assertThat(b.findElement(By.cssSelector("#downloads li a")).getAttribute("href"))
                    .endsWith("/runs/" + run2 + "/stats.csv");
            shot(b, "cluster-downloads");
            b.manage().window().setSize(new Dimension(390, 844));
            b.findElement(By.id("tab-stats")).click();
            shot(b, "cluster-phone");
            noSidewaysScroll(b);
        }
    }

    /** The page's Aggregated row and figures against status.summary, and the thresholds' verdicts. */
    static void assertEqualsStatus(JsonNode page, LoadTest lt) {
        EndpointSummary a = lt.getStatus().getSummary().getAggregated();
        JsonNode row = last(page.path("stats"));
        assertThat(page.path("runId").asText()).isEqualTo(lt.getStatus().getRunId());
        assertThat(page.path("phase").asText()).isEqualTo(lt.getStatus().getPhase());
        assertThat(row.path("num_requests").asLong()).isEqualTo(a.getRequests()).isPositive();
        assertThat(row.path("num_failures").asLong()).isEqualTo(a.getFailures());
        assertThat(row.path("median_response_time").asDouble()).isEqualTo(a.getP50Ms());
        assertThat(row.path("response_time_percentile_0.95").asDouble()).isEqualTo(a.getP95Ms());
        assertThat(row.path("response_time_percentile_0.99").asDouble()).isEqualTo(a.getP99Ms());
        assertThat(row.path("max_response_time").asDouble()).isEqualTo(a.getMaxMs());
        assertThat(page.path("requests").asLong()).isEqualTo(a.getRequests());
        assertThat(page.path("p95Ms").asDouble()).isEqualTo(a.getP95Ms());
        for (int i = 0; i < lt.getStatus().getThresholds().size(); i++) {
            assertThat(page.path("thresholds").get(i).path("met").asBoolean())
                    .isEqualTo(lt.getStatus().getThresholds().get(i).getMet());
        }
    }

    /** Two runs, newest first, figures from status and history, the delta computed from them. */
    static void assertHistory(JsonNode page, LoadTest lt, String run1, String run2) {
        JsonNode history = page.path("history");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).path("runId").asText()).isEqualTo(run2);
        assertThat(history.get(1).path("runId").asText()).isEqualTo(run1);
        RunRecord older = lt.getStatus().getHistory().getFirst();
        assertThat(older.getRunId()).isEqualTo(run1);
        EndpointSummary now = lt.getStatus().getSummary().getAggregated();
        assertThat(history.get(1).path("requests").asLong()).isEqualTo(older.getRequests());
        JsonNode delta = history.get(0).path("delta");
        assertThat(delta.path("againstRunId").asText()).isEqualTo(run1);
        assertThat(delta.path("requests").asLong()).isEqualTo(now.getRequests() - older.getRequests());
        assertThat(delta.path("p95Ms").asDouble()).isCloseTo(now.getP95Ms() - older.getP95Ms(),
                org.assertj.core.data.Offset.offset(0.0005));
        assertThat(delta.path("rps").asDouble()).isCloseTo(now.getRps() - older.getRps(),
                org.assertj.core.data.Offset.offset(0.005));
        assertThat(history.get(1).path("delta").isNull()).isTrue();
    }

    static String pagePath() {
        return "/api/loadtests/" + NS + "/" + NAME;
    }

    static String base() {
        return "http://127.0.0.1:" + port;
    }

    static JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    static HttpResponse<String> raw(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The Request Count of the Aggregated row of a {@code _stats.csv}. */
    static long aggregatedCount(String statsCsv) {
        return statsCsv.lines().filter(l -> l.startsWith(",Aggregated,")).findFirst()
                .map(l -> Long.parseLong(l.split(",")[2])).orElseThrow(() -> new AssertionError(statsCsv));
    }

    static JsonNode item(JsonNode list) {
        for (JsonNode i : list.path("loadTests")) {
            if (NS.equals(i.path("namespace").asText()) && NAME.equals(i.path("name").asText())) {
                return i;
            }
        }
        return null;
    }

    static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    /**
     * Presses Tab until the element {@code selector} finds has the focus (at most 40 times): it is reachable by
     * keyboard. Found again at each step, as the page's refreshes replace elements.
     */
    static void focusByTab(RemoteWebDriver b, By selector) {
        for (int i = 0; i < 40; i++) {
            if (b.switchTo().activeElement().equals(b.findElement(selector))) {
                return;
            }
            b.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        throw new AssertionError("not reachable with Tab: " + selector);
    }

    /** The page itself never scrolls sideways; wide tables scroll inside their own box. */
    static void noSidewaysScroll(RemoteWebDriver b) {
        Object wide = b.executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1");
        assertThat(wide).as("page wider than the window").isEqualTo(false);
    }

    static void shot(RemoteWebDriver b, String name) throws IOException {
        Files.createDirectories(SHOTS);
        Path png = b.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        System.out.println("[web] screenshot " + SHOTS.resolve(name + ".png"));
    }

    static LoadTest loadTest() throws IOException {
        LoadTest lt = new LoadTest();
        lt.getMetadata().setName(NAME);
        lt.getMetadata().setNamespace(NS);
        LoadTestSpec spec = new LoadTestSpec();
        spec.setRunners(2);
        spec.setUsers(4);
        spec.setSpawnRate(20.0);
        spec.setRunTime("30s");
        spec.setStopTimeout("10s");
        spec.setHost(target.baseUrl());
        LoadfileSource loadfile = new LoadfileSource();
        loadfile.setInline(Map.of("ShopUser.java", Files.readString(ROOT.resolve("docs/examples/shop/ShopUser.java"))));
        spec.setLoadfile(loadfile);
        Threshold p95 = new Threshold();
        p95.setMetric(ThresholdMetric.p95);
        p95.setBelow(5000.0);
        spec.setThresholds(List.of(p95));
        lt.setSpec(spec);
        return lt;
    }

    static LoadTest awaitFinished(Resource<LoadTest> lt) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String phase = lt.get().getStatus() == null ? null : lt.get().getStatus().getPhase();
            return "Succeeded".equals(phase) || "Failed".equals(phase);
        });
        return lt.get();
    }
}
