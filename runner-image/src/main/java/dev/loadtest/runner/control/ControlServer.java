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

    private final Engine engine;
    private final byte[] token;
    private final HttpServer server;
    private final CountDownLatch quit = new CountDownLatch(1);
    private final StartAdmission starts;
    private final ShapeTicks shape;
    /** The last snapshots served in the binary form, for deltas since them. */
    private final ServedSnapshots served = new ServedSnapshots();

    public ControlServer(Engine engine, String token, String bindAddress, int port) throws IOException {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("worker mode needs the run's token in LOADTEST_TOKEN");
        }
        this.engine = engine;
        this.starts = new StartAdmission(engine);
        this.shape = new ShapeTicks(engine.loadfile());
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/healthz", ex -> respond(ex, 200, "text/plain", "ok"));
        server.createContext("/readyz", ex -> json(ex, 200, engine.info()));
        server.createContext("/metrics", ex -> respond(ex, 200, MetricsEndpoint.CONTENT_TYPE, engine.metricsText()));
        server.createContext("/start", ex -> authorized(ex, "POST", () -> start(ex)));
        server.createContext("/stop", ex -> authorized(ex, "POST", () -> {
            engine.stop();
            json(ex, 202, engine.info());
        }));
        server.createContext("/quit", ex -> authorized(ex, "POST", () -> {
            engine.stop();
            json(ex, 202, engine.info());
            quit.countDown();
        }));
        server.createContext("/stats", ex -> authorized(ex, "GET", () -> stats(ex)));
        server.createContext("/shape", ex -> authorized(ex, "POST", () -> shape(ex)));
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
        engine.awaitStopped(Duration.ofMinutes(5));
    }

    private void start(HttpExchange ex) throws IOException {
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
        synchronized (starts) {
            refusal = starts.admit(command);
        }
        if (refusal == null) {
            json(ex, 202, engine.info());
        } else {
            refuse(ex, refusal.retryable() ? 409 : 422, refusal);
        }
    }

    /**
     * Control protocol 2: the loadfile's LoadShape at the coordinator's run time and total users. 404 when the
     * loadfile has no shape, 422 with the error when {@code tick()} threw.
     */
    private void shape(HttpExchange ex) throws IOException {
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
            synchronized (shape) {
                answer = shape.answer(query);
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
    private void stats(HttpExchange ex) throws IOException {
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept == null || !accept.contains(StatsBinary.MEDIA_TYPE)) {
            json(ex, 200, engine.snapshot());
            return;
        }
        byte[] bytes = served.encode(engine.snapshot(), base(ex.getRequestURI().getRawQuery()));
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
