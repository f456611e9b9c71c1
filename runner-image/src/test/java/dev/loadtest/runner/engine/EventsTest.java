package dev.loadtest.runner.engine;

import dev.loadtest.OnTestStart;
import dev.loadtest.OnTestStop;
import dev.loadtest.Task;
import dev.loadtest.TestContext;
import dev.loadtest.User;
import dev.loadtest.WaitTime;
import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.runner.loadfile.CompiledLoadfile;
import dev.loadtest.runner.loadfile.LoadfileException;
import dev.loadtest.runner.loadfile.LoadfileModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Locust's events and environment: request listeners, quit(), the runner's index and count, once-per-test hooks. */
class EventsTest {

    static final AtomicInteger HEARD = new AtomicInteger();
    static final AtomicInteger FAILURES_HEARD = new AtomicInteger();
    static final List<String> HOOKS = new CopyOnWriteArrayList<>();
    static final Set<String> PLACES = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void reset() {
        HEARD.set(0);
        FAILURES_HEARD.set(0);
        HOOKS.clear();
        PLACES.clear();
    }

    public static class Listened extends User {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(0.005);
        }

        @OnTestStart
        static void listen(TestContext ctx) {
            ctx.addRequestListener((type, name, ms, length, failure) -> {
                HEARD.incrementAndGet();
                if (failure != null) {
                    FAILURES_HEARD.incrementAndGet();
                }
            });
            ctx.addRequestListener((type, name, ms, length, failure) -> {
                throw new IllegalStateException("a broken listener");
            });
        }

        @Task
        void work() {
            events().request("custom", "ok", 1.0, 10, null);
            events().request("custom", "bad", 1.0, 10, new RuntimeException("no"));
        }
    }

    public static class Quitter extends User {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(0.01);
        }

        @Task
        void work() {
            PLACES.add(environment().runnerIndex() + "/" + environment().runnerCount());
            if (HEARD.incrementAndGet() == 20) {
                environment().quit();
            }
        }

        @OnTestStop
        static void stopped() {
            HOOKS.add("stop");
        }
    }

    public static class Seeded extends User {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(1);
        }

        @OnTestStart(oncePerTest = true)
        static void seed(TestContext ctx) {
            HOOKS.add("seed on runner " + ctx.runnerIndex());
        }

        @OnTestStart
        static void everyRunner(TestContext ctx) {
            HOOKS.add("start on runner " + ctx.runnerIndex());
        }

        @OnTestStop(oncePerTest = true)
        static void cleanUp(TestContext ctx) {
            HOOKS.add("clean up on runner " + ctx.runnerIndex());
        }

        @Task
        void idle() {
        }
    }

    public static class Browser extends dev.loadtest.HttpUser {
        @OnTestStart
        static void listen(TestContext ctx) {
            ctx.addRequestListener((type, name, ms, length, failure) -> {
                PLACES.add(type + " " + name + " " + length + " " + failure);
                HEARD.incrementAndGet();
            });
        }

        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(0.01);
        }

        @Task
        void browse() {
            client.get("/page");
            client.get("/missing");
        }
    }

    @Test
    void listenersHearTheHttpClientsRequestsToo() throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/page") ? 200 : 404, 4);
            ex.getResponseBody().write("body".getBytes());
            ex.close();
        });
        server.start();
        try (Engine e = engine(Browser.class)) {
            e.start(new StartCommand("r", "http://127.0.0.1:" + server.getAddress().getPort(), Map.of("Browser", 1),
                    1, null, null, null, null, 0));
            long deadline = System.nanoTime() + 15_000_000_000L; // the first request of a JVM is slow on a busy box
            while (PLACES.stream().noneMatch(p -> p.startsWith("GET /missing")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            e.stop();
            assertThat(e.awaitStopped(Duration.ofSeconds(5))).isTrue();
            assertThat(HEARD.get()).isPositive().isEqualTo((int) e.snapshot().total().numRequests());
            assertThat(PLACES).contains("GET /page 4 null")
                    .anyMatch(p -> p.startsWith("GET /missing 4 ") && p.contains("404") && !p.endsWith("null"));
        } finally {
            server.stop(0);
        }
    }

    private static Engine engine(Class<?>... classes) throws LoadfileException {
        return new Engine(LoadfileModel.of(new CompiledLoadfile("test", EventsTest.class.getClassLoader(),
                List.of(classes))), "test-runner");
    }

    private static StartCommand start(String cls, int users, int runnerIndex, int runnerCount) {
        return new StartCommand("r", null, Map.of(cls, users), 100, null, null, null, null, 0, null, false,
                runnerIndex, runnerCount);
    }

    @Test
    void requestListenersHearEveryRequestAndOneThatThrowsDoesNotSilenceTheOthers() throws Exception {
        try (Engine e = engine(Listened.class)) {
            e.start(start("Listened", 3, 0, 1));
            Thread.sleep(300);
            e.stop();
            assertThat(e.awaitStopped(Duration.ofSeconds(5))).isTrue();
            var s = e.snapshot();
            assertThat(HEARD.get()).isPositive().isEqualTo((int) s.total().numRequests());
            assertThat(FAILURES_HEARD.get()).isEqualTo((int) s.total().numFailures()).isEqualTo(HEARD.get() / 2);
            // grouped by traceback: one group per call site that reported a request
            assertThat(s.exceptions()).hasSize(2).allSatisfy(x -> assertThat(x.message()).isEqualTo("a broken listener"));
            assertThat(s.exceptions().stream().mapToLong(x -> x.count()).sum()).isEqualTo(HEARD.get());
        }
    }

    @Test
    void userCodeCanQuitTheWholeTest() throws Exception {
        try (Engine e = engine(Quitter.class)) {
            e.start(start("Quitter", 4, 0, 1));
            assertThat(e.awaitStopped(Duration.ofSeconds(10))).isTrue();
            assertThat(e.state()).isEqualTo(RunnerState.STOPPED);
            assertThat(HOOKS).containsExactly("stop");
            assertThat(HEARD.get()).isBetween(20, 24); // users mid-task when quit() came may finish theirs
            assertThat(PLACES).containsExactly("0/1");
        }
    }

    @Test
    void theRunnerIndexAndCountFromTheStartCommandReachUserCode() throws Exception {
        try (Engine e = engine(Quitter.class)) {
            e.start(start("Quitter", 1, 2, 3));
            assertThat(e.awaitStopped(Duration.ofSeconds(10))).isTrue();
            assertThat(PLACES).containsExactly("2/3");
        }
    }

    @Test
    void oncePerTestHooksRunOnRunnerZeroOnlyAndTheOthersOnEveryRunner() throws Exception {
        for (int runner = 0; runner < 3; runner++) {
            try (Engine e = engine(Seeded.class)) {
                e.start(start("Seeded", 1, runner, 3));
                e.stop();
                assertThat(e.awaitStopped(Duration.ofSeconds(5))).isTrue();
            }
        }
        assertThat(HOOKS).containsExactlyInAnyOrder("seed on runner 0", "start on runner 0", "clean up on runner 0",
                "start on runner 1", "start on runner 2");
    }
}
