package dev.loadtest.runner.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.Task;
import dev.loadtest.User;
import dev.loadtest.WaitTime;
import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.control.StartRefusal;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.runner.engine.Engine;
import dev.loadtest.runner.loadfile.CompiledLoadfile;
import dev.loadtest.runner.loadfile.LoadfileModel;
import dev.loadtest.runner.metrics.Exposition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ControlServerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "s3cret-run-token";

    public static class Worker extends User {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(0.01);
        }

        @Task
        void work() {
            events().request("custom", "work", 1.5, 100, null);
        }
    }

    Engine engine;
    ControlServer server;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        engine = new Engine(LoadfileModel.of(new CompiledLoadfile("test", getClass().getClassLoader(),
                List.of(Worker.class))), "runner-0");
        server = new ControlServer(engine, TOKEN, "127.0.0.1", 0);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        engine.close();
    }

    private HttpResponse<String> call(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> raw(String path, String authorization, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static StartCommand startCommand(int users) {
        return new StartCommand("run-1", null, Map.of("Worker", users), 100, null, null, null, null, 0);
    }

    @Test
    void healthAndReadinessNeedNoTokenAndDescribeTheUserClasses() throws Exception {
        assertThat(call("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = call("GET", "/readyz", null, null);
        assertThat(ready.statusCode()).isEqualTo(200);
        RunnerInfo info = JSON.readValue(ready.body(), RunnerInfo.class);
        assertThat(info.state()).isEqualTo(RunnerState.READY);
        assertThat(info.runner()).isEqualTo("runner-0");
        assertThat(info.userClasses()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("Worker"));
    }

    @Test
    void aServerStillLoadingItsLoadfileIsAliveButNotReadyUntilItServes() throws Exception {
        try (ControlServer loading = ControlServer.loading(TOKEN, "127.0.0.1", 0)) {
            loading.start();
            String base = "http://127.0.0.1:" + loading.port();
            assertThat(get(base + "/healthz", null).statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(base + "/readyz", null);
            assertThat(notReady.statusCode()).as("retryable for the operator and the kubelet's probe").isEqualTo(503);
            assertThat(notReady.headers().firstValue("Retry-After")).contains("1");
            assertThat(get(base + "/metrics", null).statusCode()).isEqualTo(503);
            assertThat(get(base + "/stats", TOKEN).statusCode()).isEqualTo(503);
            assertThat(get(base + "/stats", "wrong").statusCode()).as("the token is checked first").isEqualTo(401);

            loading.serve(engine);
            HttpResponse<String> ready = get(base + "/readyz", null);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(JSON.readValue(ready.body(), RunnerInfo.class).userClasses()).singleElement()
                    .satisfies(c -> assertThat(c.name()).isEqualTo("Worker"));
            assertThat(get(base + "/stats", TOKEN).statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMissingOrWrongTokenIsRefusedAndChangesNothing() throws Exception {
        assertThat(call("POST", "/start", null, startCommand(3)).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/start", "wrong", startCommand(3)).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/stats", "wrong", null).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/quit", null, null).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/stop", "Bearer " + TOKEN, null).statusCode()).as("the token twice prefixed").isEqualTo(401);
        assertThat(raw("/stop", "Basic " + TOKEN, "").statusCode()).as("another scheme").isEqualTo(401);
        assertThat(raw("/start", TOKEN, JSON.writeValueAsString(startCommand(3))).statusCode())
                .as("the token without its scheme").isEqualTo(401);
        assertThat(engine.state()).isEqualTo(RunnerState.READY);
        assertThat(engine.userCount()).isZero();
    }

    @Test
    void startRetargetStatsAndStop() throws Exception {
        assertThat(call("POST", "/start", TOKEN, startCommand(4)).statusCode()).isEqualTo(202);
        Thread.sleep(300);
        assertThat(engine.userCount()).isEqualTo(4);
        assertThat(call("POST", "/start", TOKEN, startCommand(2)).statusCode()).isEqualTo(202);
        Thread.sleep(300);
        assertThat(engine.userCount()).isEqualTo(2);

        HttpResponse<String> stats = call("GET", "/stats", TOKEN, null);
        assertThat(stats.statusCode()).isEqualTo(200);
        StatsSnapshot s = JSON.readValue(stats.body(), StatsSnapshot.class);
        assertThat(s.runId()).isEqualTo("run-1");
        assertThat(s.userCount()).isEqualTo(2);
        assertThat(s.total().numRequests()).isGreaterThan(10);

        assertThat(call("POST", "/stop", TOKEN, null).statusCode()).isEqualTo(202);
        assertThat(engine.awaitStopped(Duration.ofSeconds(5))).isTrue();
        StatsSnapshot last = JSON.readValue(call("GET", "/stats", TOKEN, null).body(), StatsSnapshot.class);
        assertThat(last.state()).isEqualTo("STOPPED");
        assertThat(last.total().numRequests()).isGreaterThanOrEqualTo(s.total().numRequests());
    }

    @Test
    void anInvalidStartIsRejectedWithTheReason() throws Exception {
        StartCommand unknown = new StartCommand("run-1", null, Map.of("Nobody", 1), 1, null, null, null, null, 0);
        HttpResponse<String> r = call("POST", "/start", TOKEN, unknown);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("unknown user class 'Nobody'");
        assertThat(call("POST", "/start", TOKEN, "not a command").statusCode()).isEqualTo(400);
    }

    @Test
    void aMalformedStartIsA400ThatSaysWhatIsWrongAndChangesNothing() throws Exception {
        Map<String, String> bodies = Map.of(
                "", "No content",
                "{\"runId\": \"run-1\", \"userClassCounts\": {\"Worker\": 1", "Unexpected end-of-input",
                "{\"runId\": \"run-1\", \"userClassCounts\": {\"Worker\": \"many\"}}", "\"many\"",
                "{\"runId\": \"run-1\", \"runnerIndex\": 3, \"runnerCount\": 2}", "runnerIndex 3 is not in [0, 2)",
                "{\"userClassCounts\": {\"Worker\": 1}}", "it has no runId");
        for (var bad : bodies.entrySet()) {
            HttpResponse<String> r = raw("/start", "Bearer " + TOKEN, bad.getKey());
            assertThat(r.statusCode()).as("body <%s>: %s", bad.getKey(), r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            StartRefusal why = JSON.readValue(r.body(), StartRefusal.class);
            assertThat(why.reason()).isEqualTo(StartRefusal.Reasons.BAD_REQUEST);
            assertThat(why.retryable()).isFalse();
            assertThat(why.message()).as("body <%s>", bad.getKey())
                    .startsWith("The body is not a StartCommand").contains(bad.getValue());
        }
        assertThat(engine.state()).isEqualTo(RunnerState.READY);
        assertThat(engine.userCount()).isZero();
        assertThat(call("POST", "/start", TOKEN, startCommand(1)).statusCode())
                .as("a good start after the bad ones").isEqualTo(202);
    }

    @Test
    void metricsAreExposedWithoutATokenLabelledWithTheRun() throws Exception {
        assertThat(call("GET", "/metrics", null, null).body()).as("no run yet, no series").isEmpty();
        call("POST", "/start", TOKEN, startCommand(1));
        Thread.sleep(200);
        HttpResponse<String> r = call("GET", "/metrics", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        Exposition e = Exposition.parse(r.body());
        Map<String, String> run = Map.of("namespace", "local", "loadtest", "local", "run_id", "run-1",
                "runner", "runner-0");
        assertThat(e.one("loadtest_users", run).value()).isEqualTo(1);
        assertThat(e.one("loadtest_users_spawned_total", run).value()).isEqualTo(1);
        assertThat(e.one("loadtest_requests_total", Map.of("method", "custom", "name", "work")).value()).isPositive();
    }

    @Test
    void aStoppedRunKeepsItsFinalCountsUntilTheNextRunStartsFromZero() throws Exception {
        call("POST", "/start", TOKEN, startCommand(2));
        Thread.sleep(200);
        call("POST", "/stop", TOKEN, null);
        assertThat(engine.awaitStopped(Duration.ofSeconds(5))).isTrue();
        StatsSnapshot last = JSON.readValue(call("GET", "/stats", TOKEN, null).body(), StatsSnapshot.class);
        Exposition stopped = Exposition.parse(call("GET", "/metrics", null, null).body());
        assertThat(stopped.sum("loadtest_requests_total")).isEqualTo(last.total().numRequests());
        assertThat(stopped.one("loadtest_users", Map.of("run_id", "run-1")).value()).isZero();

        StartCommand next = new StartCommand("run-2", null, Map.of("Worker", 1), 100, null, null, null, null, 0);
        assertThat(call("POST", "/start", TOKEN, next).statusCode()).isEqualTo(202);
        Exposition second = Exposition.parse(call("GET", "/metrics", null, null).body());
        assertThat(second.samples()).allSatisfy(s -> assertThat(s.labels()).containsEntry("run_id", "run-2"));
        assertThat(second.sum("loadtest_requests_total")).isLessThan(last.total().numRequests());
    }
}
