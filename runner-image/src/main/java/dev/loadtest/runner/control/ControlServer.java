package dev.loadtest.runner.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loadtest.api.control.ShapeAnswer;
import dev.loadtest.api.control.ShapeQuery;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.control.StartRefusal;
import dev.loadtest.api.stats.ServedSnapshots;
import dev.loadtest.api.stats.StatsBinary;
import dev.loadtest.runner.engine.Engine;
import dev.loadtest.runner.loadfile.LoadfileException;
import dev.loadtest.runner.metrics.MetricsEndpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * The runner's control API in worker mode, on the pod IP: health, readiness (with the user classes), start
 * (also re-targets a running run), stop, quit, cumulative stats, the load shape's answer and metrics. Every call but health, readiness
 * and metrics needs the run's bearer token; a wrong or missing token gets 401 and changes nothing. A refused start
 * answers a {@link StartRefusal} as JSON (see {@link StartAdmission}).
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ControlServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] token;
    private final HttpServer server;
    private final CountDownLatch quit = new CountDownLatch(1);
    /** Null while the loadfile loads: the server listens before it is ready, so a pod is ready once it has loaded. */
    private volatile Serving serving;
    /** The last snapshots served in the binary form, for deltas since them. */
    private final ServedSnapshots served = new ServedSnapshots();

    /** What the routes need once the loadfile is loaded. */
    private record Serving(Engine engine, StartAdmission starts, ShapeTicks shape) {
    }

    /** A control server that is ready at once: its loadfile is loaded already. */
    public ControlServer(Engine engine, String token, String bindAddress, int port) throws IOException {
        this(token, bindAddress, port);
        serve(engine);
    }

    /**
     * A control server that is not ready yet: {@code /healthz} answers, {@code /readyz} and every other route answer
     * 503 (retryable for the operator) until {@link #serve(Engine)}. It lets a runner bind, and load the server's own
     * classes, while its loadfile compiles.
     */
    public static ControlServer loading(String token, String bindAddress, int port) throws IOException {
        return new ControlServer(token, bindAddress, port);
    }

    private ControlServer(String token, String bindAddress, int port) throws IOException {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("worker mode needs the run's token in LOADTEST_TOKEN");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/healthz", ex -> respond(ex, 200, "text/plain", "ok"));
        server.createContext("/readyz", ex -> serving(ex, s -> json(ex, 200, s.engine().info())));
        server.createContext("/metrics", ex -> serving(ex,
                s -> respond(ex, 200, MetricsEndpoint.CONTENT_TYPE, s.engine().metricsText())));
        server.createContext("/start", ex -> authorized(ex, "POST", () -> serving(ex, s -> start(ex, s))));
        server.createContext("/stop", ex -> authorized(ex, "POST", () -> serving(ex, s -> {
            s.engine().stop();
            json(ex, 202, s.engine().info());
        })));
        server.createContext("/quit", ex -> authorized(ex, "POST", () -> serving(ex, s -> {
            s.engine().stop();
            json(ex, 202, s.engine().info());
            quit.countDown();
        })));
        server.createContext("/stats", ex -> authorized(ex, "GET", () -> serving(ex, s -> stats(ex, s))));
        server.createContext("/shape", ex -> authorized(ex, "POST", () -> serving(ex, s -> shape(ex, s))));
    }

    /** Makes the server ready with the engine of the loaded loadfile; once. */
    public void serve(Engine engine) {
        if (serving != null) {
            throw new IllegalStateException("the control server serves an engine already");
        }
        serving = new Serving(engine, new StartAdmission(engine), new ShapeTicks(engine.loadfile()));
    }

    public void start() {
        server.start();
        LOG.info("Control API listening on " + server.getAddress());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Blocks until {@code POST /quit}, then until the users have stopped (bounded). */
    public void awaitQuit() throws InterruptedException {
        quit.await();
        serving.engine().awaitStopped(Duration.ofMinutes(5));
    }

    private interface Route {
        void handle(Serving serving) throws IOException;
    }

    /** Runs the route once the loadfile is loaded, else answers 503: not ready yet, ask again. */
    private void serving(HttpExchange ex, Route route) throws IOException {
        try (ex) {
            Serving s = serving;
            if (s == null) {
                ex.getResponseHeaders().set("Retry-After", "1");
                respond(ex, 503, "text/plain", "the runner is loading its loadfile; not ready yet");
                return;
            }
            route.handle(s);
        }
    }

    private void start(HttpExchange ex, Serving s) throws IOException {
        StartCommand command;
        try {
            command = JSON.readValue(ex.getRequestBody(), StartCommand.class);
        } catch (IOException e) {
            refuse(ex, 400, StartRefusal.permanent(StartRefusal.Reasons.BAD_REQUEST, null,
                    "The body is not a StartCommand: " + e.getMessage()));
            return;
        }
        if (command.runId() == null || command.runId().isBlank()) {
            // a malformed body, like unparsable JSON: 400, not the 422 of a well-formed start the runner refuses
            refuse(ex, 400, StartRefusal.permanent(StartRefusal.Reasons.BAD_REQUEST, "runId",
                    "The body is not a StartCommand: it has no runId, e.g. {\"runId\": \"shop-1a2b\", ...}."));
            return;
        }
        StartRefusal refusal;
        synchronized (s.starts()) {
            refusal = s.starts().admit(command);
        }
        if (refusal == null) {
            json(ex, 202, s.engine().info());
        } else {
            refuse(ex, refusal.retryable() ? 409 : 422, refusal);
        }
    }

    /**
     * Control protocol 2: the loadfile's LoadShape at the coordinator's run time and total users. 404 when the
     * loadfile has no shape, 422 with the error when {@code tick()} threw.
     */
    private void shape(HttpExchange ex, Serving s) throws IOException {
        ShapeQuery query;
        try {
            query = JSON.readValue(ex.getRequestBody(), ShapeQuery.class);
        } catch (IOException e) {
            respond(ex, 400, "text/plain", "The body is not a ShapeQuery: " + e.getMessage());
            return;
        }
        if (query.runId() == null || query.runId().isBlank()) {
            respond(ex, 400, "text/plain", "The body is not a ShapeQuery: it has no runId");
            return;
        }
        ShapeAnswer answer;
        try {
            synchronized (s.shape()) {
                answer = s.shape().answer(query);
            }
        } catch (LoadfileException e) {
            LOG.warning(e.getMessage());
            respond(ex, 422, "text/plain", e.getMessage());
            return;
        }
        if (answer == null) {
            respond(ex, 404, "text/plain", "the loadfile has no LoadShape");
        } else {
            json(ex, 200, answer);
        }
    }

    /** {@code base=N} of {@code GET /stats?base=N}: the served snapshot the poller has counted; -1 when none. */
    static long base(String query) {
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("base=")) {
                    try {
                        return Long.parseLong(part.substring(5));
                    } catch (NumberFormatException e) {
                        return -1; // not a number we gave: answer without deltas, which is always right
                    }
                }
            }
        }
        return -1;
    }

    /**
     * Cumulative statistics, in the binary form when the poller asks for it (control protocol 3), with the deltas
     * since the snapshot it names as {@code base}; else JSON.
     */
    private void stats(HttpExchange ex, Serving s) throws IOException {
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept == null || !accept.contains(StatsBinary.MEDIA_TYPE)) {
            json(ex, 200, s.engine().snapshot());
            return;
        }
        byte[] bytes = served.encode(s.engine().snapshot(), base(ex.getRequestURI().getRawQuery()));
        ex.getResponseHeaders().set("Content-Type", StatsBinary.MEDIA_TYPE);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void refuse(HttpExchange ex, int status, StartRefusal refusal) throws IOException {
        LOG.warning("Refused a start (" + refusal.reason() + "): " + refusal.message());
        json(ex, status, refusal);
    }

    private interface Action {
        void run() throws IOException;
    }

    private void authorized(HttpExchange ex, String method, Action action) throws IOException {
        try (ex) {
            if (!method.equals(ex.getRequestMethod())) {
                respond(ex, 405, "text/plain", "use " + method);
                return;
            }
            String header = ex.getRequestHeaders().getFirst("Authorization");
            byte[] given = header != null && header.startsWith("Bearer ")
                    ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(given, token)) {
                respond(ex, 401, "text/plain", "missing or wrong bearer token");
                return;
            }
            action.run();
        }
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        respond(ex, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
