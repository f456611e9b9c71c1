package dev.loadtest.runner.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.control.ControlProtocol;
import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.ShapeAnswer;
import dev.loadtest.api.control.ShapeQuery;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.stats.StatsBinary;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.runner.engine.Engine;
import dev.loadtest.runner.loadfile.LoadfileCompiler;
import dev.loadtest.runner.loadfile.LoadfileModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Control protocol 2 on a runner, with loadfiles compiled as a runner pod compiles them: {@code POST /shape}
 * evaluates the loadfile's LoadShape at the coordinator's run time and users, {@code /stats} says who called
 * {@code quit()}, and {@code /readyz} says the protocol version and whether there are once-per-test hooks.
 */
class ClusterControlTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "s3cret-run-token";

    /** A step shape that keeps state (it counts its ticks) and reports what it was shown. */
    static final String SHAPED = """
            import dev.loadtest.*;
            public class Shaped extends User {
                @Task void idle() { }
                @OnTestStart(oncePerTest = true) static void seed() { }
            }
            class Steps extends LoadShape {
                int ticks;
                public Target tick() {
                    ticks++;
                    double t = getRunTime();
                    if (t >= 30) throw new IllegalStateException("tick " + ticks + " past the end");
                    if (t >= 20) return null;
                    return new Target(t < 10 ? 4 : 8 + ticks + getCurrentUserCount() * 0, 2);
                }
            }
            """;

    static final String QUITTER = """
            import dev.loadtest.*;
            public class Quitter extends User {
                protected WaitTime waitTime() { return WaitTime.constant(0.01); }
                @Task void work() {
                    events().request("custom", "work", 1.0, 10, null);
                    if (environment().runnerIndex() == 1) environment().quit();
                }
            }
            """;

    Engine engine;
    ControlServer server;
    final HttpClient http = HttpClient.newHttpClient();

    private void serve(String name, String source) throws Exception {
        engine = new Engine(LoadfileModel.of(LoadfileCompiler.compileInline(Map.of(name + ".java", source))),
                "runner-0");
        server = new ControlServer(engine, TOKEN, "127.0.0.1", 0);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            engine.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private ShapeAnswer shape(String runId, double t, int users) throws Exception {
        HttpResponse<String> r = call("POST", "/shape", TOKEN, new ShapeQuery(runId, t, users));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readValue(r.body(), ShapeAnswer.class);
    }

    @Test
    void readinessSaysTheProtocolTheShapeAndTheOncePerTestHooks() throws Exception {
        serve("Shaped", SHAPED);
        RunnerInfo info = JSON.readValue(call("GET", "/readyz", null, null).body(), RunnerInfo.class);
        assertThat(info.protocol()).isEqualTo(ControlProtocol.V3);
        assertThat(info.loadShape()).isEqualTo("Steps");
        assertThat(info.oncePerTestStart()).isTrue();
    }

    @Test
    void theShapeIsEvaluatedAtTheSuppliedRunTimeAndKeepsItsStateWithinARun() throws Exception {
        serve("Shaped", SHAPED);
        assertThat(shape("run-1", 0, 0)).isEqualTo(ShapeAnswer.target("Steps", 4, 2));
        assertThat(shape("run-1", 9.9, 4)).isEqualTo(ShapeAnswer.target("Steps", 4, 2));
        assertThat(shape("run-1", 10, 4)).as("third tick of the same shape").isEqualTo(ShapeAnswer.target("Steps", 11, 2));
        assertThat(shape("run-1", 20, 11)).isEqualTo(ShapeAnswer.stop("Steps"));
        assertThat(shape("run-2", 10, 0)).as("a new run gets a new shape: its first tick")
                .isEqualTo(ShapeAnswer.target("Steps", 9, 2));

        HttpResponse<String> thrown = call("POST", "/shape", TOKEN, new ShapeQuery("run-2", 31, 0));
        assertThat(thrown.statusCode()).isEqualTo(422);
        assertThat(thrown.body()).isEqualTo("Steps.tick() failed at 31 s: java.lang.IllegalStateException: tick 2 past"
                + " the end");
        assertThat(call("POST", "/shape", null, new ShapeQuery("run-2", 1, 0)).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/shape", TOKEN, "{not json").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/shape", TOKEN, "{\"runTimeSeconds\": 1}").statusCode()).isEqualTo(400);
    }

    @Test
    void aLoadfileWithoutAShapeAnswers404() throws Exception {
        serve("Quitter", QUITTER);
        HttpResponse<String> r = call("POST", "/shape", TOKEN, new ShapeQuery("run-1", 0, 0));
        assertThat(r.statusCode()).isEqualTo(404);
        RunnerInfo info = JSON.readValue(call("GET", "/readyz", null, null).body(), RunnerInfo.class);
        assertThat(info.loadShape()).isNull();
        assertThat(info.oncePerTestStart()).isFalse();
    }

    @Test
    void quitInUserCodeStopsThisRunnerAndStatsSayWhoCalledIt() throws Exception {
        serve("Quitter", QUITTER);
        StartCommand notTheQuitter = new StartCommand("run-1", null, Map.of("Quitter", 2), 100, null, null, null, null,
                0, null, false, 0, 2);
        assertThat(call("POST", "/start", TOKEN, notTheQuitter).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> stats().entries().size() == 1
                && stats().total().numRequests() > 20);
        assertThat(stats().quitBy()).as("runner 0's users do not quit").isNull();
        assertThat(call("POST", "/stop", TOKEN, null).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> "STOPPED".equals(stats().state()));

        StartCommand theQuitter = new StartCommand("run-2", null, Map.of("Quitter", 2), 100, null, null, null, null,
                0, null, false, 1, 2);
        assertThat(call("POST", "/start", TOKEN, theQuitter).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> "STOPPED".equals(stats().state()));
        StatsSnapshot stopped = stats();
        assertThat(stopped.runId()).isEqualTo("run-2");
        assertThat(stopped.quitBy()).isEqualTo("Quitter.work");
        assertThat(stopped.total().numRequests()).as("the quitting user recorded its request first").isPositive();
    }

    @Test
    void statsInTheBinaryFormAreTheSameFiguresAndCarryTheDeltasSinceTheBaseAsked() throws Exception {
        serve("Quitter", QUITTER);
        StartCommand start = new StartCommand("run-1", null, Map.of("Quitter", 2), 100, null, null, null, null,
                0, null, false, 0, 2);
        assertThat(call("POST", "/start", TOKEN, start).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> stats().total().numRequests() > 20);
        assertThat(call("POST", "/stop", TOKEN, null).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> "STOPPED".equals(stats().state()));

        // stopped: the figures no longer move, so both forms must say exactly the same
        HttpResponse<byte[]> first = binaryStats("");
        assertThat(first.headers().firstValue("Content-Type")).hasValue(StatsBinary.MEDIA_TYPE);
        StatsBinary.Reply reply = StatsBinary.decodeReply(first.body());
        StatsSnapshot json = stats();
        assertThat(JSON.writeValueAsString(reply.snapshot().entries())).isEqualTo(JSON.writeValueAsString(json.entries()));
        assertThat(reply.snapshot().failures()).isEqualTo(json.failures());
        assertThat(reply.snapshot().runId()).isEqualTo("run-1");
        assertThat(reply.snapshot().state()).isEqualTo(json.state());
        assertThat(reply.snapshot().total().percentileMs(0.99)).isEqualTo(json.total().percentileMs(0.99));
        assertThat(reply.seq()).isPositive();
        assertThat(reply.hasDeltas()).as("no base asked").isFalse();

        StatsBinary.Reply next = StatsBinary.decodeReply(binaryStats("?base=" + reply.seq()).body());
        assertThat(next.seq()).isGreaterThan(reply.seq());
        assertThat(next.base()).isEqualTo(reply.seq());
        assertThat(next.deltas()).as("nothing recorded since the base: empty deltas").hasSize(1)
                .allSatisfy(d -> assertThat(d).isEmpty());
        assertThat(StatsBinary.decodeReply(binaryStats("?base=999").body()).hasDeltas())
                .as("a base this runner never served: no deltas, the whole snapshot is counted").isFalse();
        assertThat(StatsBinary.decodeReply(binaryStats("?base=x").body()).hasDeltas()).isFalse();
        // a poller that does not ask for the binary form still gets JSON
        assertThat(call("GET", "/stats", TOKEN, null).headers().firstValue("Content-Type")).hasValue("application/json");
    }

    private HttpResponse<byte[]> binaryStats(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/stats" + query))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", StatsBinary.MEDIA_TYPE + ", application/json")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private StatsSnapshot stats() throws Exception {
        return JSON.readValue(call("GET", "/stats", TOKEN, null).body(), StatsSnapshot.class);
    }
}
