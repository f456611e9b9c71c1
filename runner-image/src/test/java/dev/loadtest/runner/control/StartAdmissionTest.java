package dev.loadtest.runner.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.CustomOption;
import dev.loadtest.HttpUser;
import dev.loadtest.OnTestStart;
import dev.loadtest.Task;
import dev.loadtest.WaitTime;
import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.control.StartRefusal;
import dev.loadtest.runner.engine.Engine;
import dev.loadtest.runner.loadfile.CompiledLoadfile;
import dev.loadtest.runner.loadfile.LoadfileModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /start} refusals over the real control server: structured, remembered per run, never re-running hooks. */
class StartAdmissionTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "t";

    /** An HTTP user without @Host that declares one option: the shape of the shipped example. */
    @CustomOption(name = "pageSize", defaultValue = "10")
    public static class Hostless extends HttpUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(1);
        }

        @Task
        void browse() {
        }
    }

    public static class Hooks {
        static final AtomicInteger STARTS = new AtomicInteger();
        static volatile boolean fail;

        @OnTestStart
        static void seed() {
            STARTS.incrementAndGet();
            if (fail) {
                throw new IllegalStateException("target refused the seed data");
            }
        }
    }

    Engine engine;
    ControlServer server;
    final HttpClient http = HttpClient.newHttpClient();

    void serve(Class<?>... classes) throws Exception {
        Hooks.STARTS.set(0);
        engine = new Engine(LoadfileModel.of(new CompiledLoadfile("test", getClass().getClassLoader(),
                List.of(classes))), "runner-0");
        server = new ControlServer(engine, TOKEN, "127.0.0.1", 0);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        Hooks.fail = false;
        server.close();
        engine.close();
    }

    HttpResponse<String> start(StartCommand c) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/start"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(c))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static StartCommand command(String runId, String host, Map<String, String> options) {
        return new StartCommand(runId, host, Map.of("Hostless", 1), 1, null, null, options, null, 0);
    }

    static StartRefusal refusal(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readValue(r.body(), StartRefusal.class);
    }

    @Test
    void readinessSaysWhatTheLoadfileDeclares() throws Exception {
        serve(Hostless.class, Hooks.class);
        RunnerInfo info = JSON.readValue(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString()).body(), RunnerInfo.class);
        assertThat(info.declaredOptions()).containsExactly("pageSize");
        assertThat(info.hostlessClasses()).containsExactly("Hostless");
        assertThat(info.describesDeclarations()).isTrue();
    }

    @Test
    void noHostAnywhereIsRefusedForGoodNamingSpecHostAndTheHookNeverRuns() throws Exception {
        serve(Hostless.class, Hooks.class);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = start(command("run-1", null, null));
            assertThat(r.statusCode()).isEqualTo(422);
            StartRefusal why = refusal(r);
            assertThat(why.reason()).isEqualTo(StartRefusal.Reasons.NO_HOST);
            assertThat(why.field()).isEqualTo("spec.host");
            assertThat(why.retryable()).isFalse();
            assertThat(why.message()).contains("spec.host is not set and Hostless has no @Host").contains("Set spec.host");
        }
        assertThat(Hooks.STARTS).hasValue(0);
    }

    @Test
    void anUndeclaredOptionIsRefusedNamingTheOptionAndTheFix() throws Exception {
        serve(Hostless.class, Hooks.class);
        StartRefusal why = refusal(start(command("run-1", "http://127.0.0.1:9", Map.of("productCount", "20"))));
        assertThat(why.reason()).isEqualTo(StartRefusal.Reasons.UNKNOWN_OPTION);
        assertThat(why.field()).isEqualTo("spec.options.productCount");
        assertThat(why.message()).contains("which declares pageSize")
                .contains("@CustomOption(name = \"productCount\")");
        assertThat(Hooks.STARTS).hasValue(0);
    }

    @Test
    void aFailingOnTestStartRunsOncePerRunHoweverOftenTheStartIsRetried() throws Exception {
        serve(Hostless.class, Hooks.class);
        Hooks.fail = true;
        for (int i = 0; i < 4; i++) {
            StartRefusal why = refusal(start(command("run-1", "http://127.0.0.1:9", null)));
            assertThat(why.reason()).isEqualTo(StartRefusal.Reasons.TEST_START_FAILED);
            assertThat(why.message()).contains("target refused the seed data");
        }
        assertThat(Hooks.STARTS).as("@OnTestStart calls for one run id").hasValue(1);
        Hooks.fail = false;
        assertThat(start(command("run-2", "http://127.0.0.1:9", null)).statusCode()).as("a new run id").isEqualTo(202);
        assertThat(Hooks.STARTS).hasValue(2);
    }

    @Test
    void aRepeatedStartOfTheSameRunIsIdempotentAndAFinishedRunIsNeverStartedAgain() throws Exception {
        serve(Hostless.class, Hooks.class);
        HttpResponse<String> first = start(command("run-1", "http://127.0.0.1:9", null));
        HttpResponse<String> second = start(command("run-1", "http://127.0.0.1:9", null));
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        RunnerInfo firstInfo = JSON.readValue(first.body(), RunnerInfo.class);
        RunnerInfo secondInfo = JSON.readValue(second.body(), RunnerInfo.class);
        assertThat(secondInfo.runner()).isEqualTo(firstInfo.runner());
        assertThat(secondInfo.incarnation()).as("the same process, not a restart").isEqualTo(firstInfo.incarnation());
        assertThat(secondInfo.runId()).isEqualTo(firstInfo.runId()).isEqualTo("run-1");
        assertThat(secondInfo.state()).as("the same run, still going").matches(RunnerState::isActive);
        assertThat(Hooks.STARTS).hasValue(1);
        engine.stop();
        assertThat(engine.awaitStopped(Duration.ofSeconds(10))).isTrue();
        HttpResponse<String> again = start(command("run-1", "http://127.0.0.1:9", null));
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(refusal(again).reason()).isEqualTo(StartRefusal.Reasons.RUN_FINISHED);
        assertThat(Hooks.STARTS).hasValue(1);
    }

    @Test
    void aStartWhileAnotherRunIsActiveMayBeRetried() throws Exception {
        serve(Hostless.class, Hooks.class);
        assertThat(start(command("run-1", "http://127.0.0.1:9", null)).statusCode()).isEqualTo(202);
        HttpResponse<String> other = start(command("run-2", "http://127.0.0.1:9", null));
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(refusal(other).retryable()).isTrue();
        assertThat(refusal(other).reason()).isEqualTo(StartRefusal.Reasons.RUN_IN_PROGRESS);
    }
}
