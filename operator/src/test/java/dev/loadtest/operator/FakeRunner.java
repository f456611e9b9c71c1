package dev.loadtest.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.ShapeAnswer;
import dev.loadtest.api.control.ShapeQuery;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.control.StartRefusal;
import dev.loadtest.api.control.UserClassInfo;
import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.operator.runner.RunnerClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for one runner's control API, as the runner contract describes it, on its own loopback address:
 * checks the bearer token, records what it was told, and serves cumulative statistics the test sets.
 */
final class FakeRunner implements AutoCloseable {

    static final List<UserClassInfo> CLASSES = List.of(new UserClassInfo("ShopUser", 1, 0));
    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final String ip;
    private final String token;
    private final HttpServer server;
    final List<StartCommand> starts = new CopyOnWriteArrayList<>();
    volatile int stops;
    volatile int quits;
    volatile int unauthorised;
    /** When set, every start is refused with it. */
    volatile StartRefusal refusal;
    volatile int refusals;
    /** A runner whose users never finish: it stays STOPPING when told to stop. */
    volatile boolean stickInStopping;
    /** What /readyz says the loadfile declares (null: a runner that does not say). */
    volatile List<String> declaredOptions = List.of();
    volatile List<String> hostlessClasses = List.of();
    volatile RunnerState state = RunnerState.READY;
    volatile String runId;
    /** The loadfile's LoadShape, as a runner reports it; null for none. */
    volatile String loadShape;
    /** The control protocol version /readyz says (null: a runner that predates versions). */
    volatile Integer protocol;
    /** What /readyz says about once-per-test @OnTestStart hooks (null: a runner that does not say). */
    volatile Boolean oncePerTestStart;
    /** How long a start takes before it is answered, as a runner's @OnTestStart hooks take. */
    volatile long startDelayMillis;
    /** System.nanoTime() when the last start arrived, and when it was answered. */
    volatile long startReceivedNanos;
    volatile long startAnsweredNanos;
    /** Answers POST /shape (a RuntimeException: the shape's tick() threw); null: 404, no shape. */
    volatile java.util.function.Function<ShapeQuery, ShapeAnswer> shape;
    final List<ShapeQuery> shapeQueries = new CopyOnWriteArrayList<>();
    /** What called quit() on this runner, as /stats reports it; null: nothing. */
    volatile String quitBy;
    /** Requests this runner "sent" so far, all to GET /api/products, 10 ms each. */
    volatile int requests;

    FakeRunner(String name, String ip, int port, String token) throws IOException {
        this.name = name;
        this.ip = ip;
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(ip, port), 16);
        server.createContext("/readyz", ex -> json(ex, 200, info()));
        server.createContext("/start", ex -> authorised(ex, () -> {
            startReceivedNanos = System.nanoTime();
            StartCommand c = JSON.readValue(ex.getRequestBody(), StartCommand.class);
            try {
                Thread.sleep(startDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            startAnsweredNanos = System.nanoTime();
            StartRefusal no = refusal;
            if (no != null) {
                refusals++;
                json(ex, no.retryable() ? 409 : 422, no);
                return;
            }
            starts.add(c);
            runId = c.runId();
            state = RunnerState.RUNNING;
            json(ex, 202, info());
        }));
        server.createContext("/stop", ex -> authorised(ex, () -> {
            stops++;
            state = stickInStopping ? RunnerState.STOPPING : RunnerState.STOPPED;
            json(ex, 202, info());
        }));
        server.createContext("/quit", ex -> authorised(ex, () -> {
            quits++;
            state = RunnerState.STOPPED;
            json(ex, 202, info());
        }));
        server.createContext("/stats", ex -> authorised(ex, () -> json(ex, 200, snapshot())));
        server.createContext("/shape", ex -> authorised(ex, () -> {
            ShapeQuery q = JSON.readValue(ex.getRequestBody(), ShapeQuery.class);
            shapeQueries.add(q);
            var answers = shape;
            if (answers == null) {
                json(ex, 404, "the loadfile has no LoadShape");
                return;
            }
            try {
                json(ex, 200, answers.apply(q));
            } catch (RuntimeException e) {
                byte[] text = utf8("Steps.tick() failed at " + Math.round(q.runTimeSeconds()) + " s: " + e);
                ex.sendResponseHeaders(422, text.length);
                try (var out = ex.getResponseBody()) {
                    out.write(text);
                }
                ex.close();
            }
        }));
        server.start();
    }

    /** The port it listens on (the one asked for, or the one it got for 0). */
    int port() {
        return server.getAddress().getPort();
    }

    /**
     * One round trip of each call a coordinator makes (readyz, start, stats, quit), with a timeout no machine misses.
     * A JVM's first HTTP calls load and compile the HTTP client's and JSON classes: on a loaded machine that took
     * longer than a coordinator's per-call timeout, so the first test's first step saw its runners as unreachable.
     * Called before a test class's first coordinator step, so that its timeout measures the stand-in runners only.
     */
    static void warmUp() throws IOException {
        String token = "warm-up";
        try (FakeRunner runner = new FakeRunner("warm-up", "127.0.0.2", 0, token)) {
            String url = "http://127.0.0.2:" + runner.port();
            RunnerClient client = new RunnerClient(LoadTestReconciler.MAPPER, Duration.ofMinutes(5));
            client.readyz(url).join();
            client.start(url, token, new StartCommand("warm-up", null, Map.of("ShopUser", 1), 1, null, null, null,
                    null, 0)).join();
            client.decode(client.statsBody(url, token).join());
            client.quit(url, token).join();
        }
    }

    RunnerInfo info() {
        return new RunnerInfo(name, "inc-" + name, state, runId, CLASSES, declaredOptions, hostlessClasses, loadShape,
                protocol, oncePerTestStart);
    }

    int users() {
        return starts.isEmpty() || state == RunnerState.STOPPED ? 0 : starts.getLast().users();
    }

    StatsSnapshot snapshot() {
        EndpointStats products = new EndpointStats(new EndpointKey("GET", "/api/products"));
        for (int i = 0; i < requests; i++) {
            products.record(10_000, 100, false, 1_000_000 + i);
        }
        return new StatsSnapshot(runId, name, "inc-" + name, state.name(), users(), Map.of("ShopUser", users()),
                System.currentTimeMillis(), List.of(products), List.of(), List.of(), quitBy);
    }

    private interface Action {
        void run() throws IOException;
    }

    private void authorised(HttpExchange ex, Action action) throws IOException {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (!("Bearer " + token).equals(header)) {
            unauthorised++;
            ex.sendResponseHeaders(401, -1);
            ex.close();
            return;
        }
        action.run();
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
