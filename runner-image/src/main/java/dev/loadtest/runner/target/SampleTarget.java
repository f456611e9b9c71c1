package dev.loadtest.runner.target;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small shop API to point load tests at: bundled so that examples, tests and benchmarks need no external
 * service. It sleeps a little on each API call and fails a configurable share of checkouts, so reports
 * have latencies and failures to show, and it counts what it served so that tests can check the engine's
 * statistics against the server's view. Bound to 127.0.0.1 unless told otherwise (a cluster's sample shop).
 */
public final class SampleTarget implements AutoCloseable {

    /**
     * @param errorRate    share of checkouts answered 503, 0 to 1
     * @param minLatencyMs least added latency of an API call
     * @param maxLatencyMs most added latency of an API call; the latency is uniform in between
     */
    public record Config(double errorRate, long minLatencyMs, long maxLatencyMs) {

        public Config {
            if (!(errorRate >= 0 && errorRate <= 1)) {
                throw new IllegalArgumentException("errorRate must be within [0, 1], got " + errorRate);
            }
            if (minLatencyMs < 0 || maxLatencyMs < minLatencyMs) {
                throw new IllegalArgumentException(
                        "latency must satisfy 0 <= min <= max, got " + minLatencyMs + ".." + maxLatencyMs);
            }
        }

        /** 1% failed checkouts and 0-5 ms per call: realistic enough, and still fast in tests. */
        public static Config defaults() {
            return new Config(0.01, 0, 5);
        }
    }

    static final String SESSION_COOKIE = "session";
    private static final int DEFAULT_PORT = 8080;
    private static final String PRODUCTS = "/api/products";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOME_PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sample shop</title></head>
            <body><h1>Sample shop</h1>
            <p>A target for load tests. API: <a href="/api/products">GET /api/products</a>,
            GET /api/products/{id}, POST /api/login, GET|POST /api/cart, POST /api/checkout, GET /api/slow,
            GET /redirect, GET /health.</p>
            </body></html>
            """;

    private final Config config;
    private final Shop shop = new Shop();
    private final ServedCounter counter = new ServedCounter();
    private final HttpServer server;
    private final ExecutorService executor;

    private SampleTarget(HttpServer server, ExecutorService executor, Config config) {
        this.server = server;
        this.executor = executor;
        this.config = config;
    }

    /** Starts serving on 127.0.0.1:{@code port}; port 0 picks a free one (see {@link #port()}). */
    public static SampleTarget start(int port, Config config) throws IOException {
        return start(InetAddress.getLoopbackAddress(), port, config);
    }

    /**
     * Starts serving on {@code address}: loopback for a local run, the pod's IP or 0.0.0.0 (all interfaces) when
     * it runs as a Deployment for load from other pods.
     */
    public static SampleTarget start(InetAddress address, int port, Config config) throws IOException {
        // A deep backlog: load tests open many connections at once and should not see refusals from here.
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 1024);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        SampleTarget target = new SampleTarget(server, executor, config);
        server.createContext("/", target::handle);
        server.setExecutor(executor);
        server.start();
        return target;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        InetAddress bound = server.getAddress().getAddress();
        String host = bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** Requests answered, whatever their status. */
    public long served() {
        return counter.total();
    }

    /** Requests answered per route, keyed like {@code "GET /api/products/{id}"}. */
    public Map<String, Long> servedByRoute() {
        return counter.byRoute();
    }

    public long servedWithStatus(int status) {
        return counter.withStatus(status);
    }

    public void reset() {
        counter.reset();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] requestBody = body.readAllBytes();
            Response response = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    requestBody, sessionCookie(exchange));
            // Counted before the response leaves, so a client that has its answer always finds it counted.
            counter.count(response.route(), response.status());
            send(exchange, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Response route(String method, String path, byte[] body, String session) throws InterruptedException {
        if (path.startsWith("/api/")) {
            simulateLatency(config.minLatencyMs(), config.maxLatencyMs());
        }
        String route = method + " " + path;
        return switch (route) {
            case "GET /" -> Response.html(route, 200, HOME_PAGE);
            case "GET /health" -> Response.json(route, 200, Map.of("status", "ok"));
            case "GET /redirect" -> Response.redirect(route, PRODUCTS);
            case "GET " + PRODUCTS -> Response.json(route, 200, shop.products());
            case "POST /api/login" -> login(route, body);
            case "GET /api/cart" -> cart(route, session);
            case "POST /api/cart" -> addToCart(route, body, session);
            case "POST /api/checkout" -> checkout(route, session);
            case "GET /api/slow" -> slow(route);
            default -> method.equals("GET") && path.startsWith(PRODUCTS + "/")
                    ? product(path.substring(PRODUCTS.length() + 1))
                    : Response.error(method + " (unmatched)", 404, "no route for " + method + " " + path);
        };
    }

    private Response product(String id) {
        String route = "GET " + PRODUCTS + "/{id}";
        return parseInt(id).flatMap(shop::product)
                .map(product -> Response.json(route, 200, product))
                .orElseGet(() -> Response.error(route, 404, "no product " + id));
    }

    private Response login(String route, byte[] body) {
        Optional<JsonNode> credentials = parseJson(body);
        if (credentials.isEmpty()) {
            return Response.error(route, 400, "expected JSON {\"username\": ..., \"password\": ...}");
        }
        String username = credentials.get().path("username").asText(null);
        return shop.login(username, credentials.get().path("password").asText(null))
                .map(session -> Response.json(route, 200, Map.of("username", username))
                        .withHeader("Set-Cookie", SESSION_COOKIE + "=" + session + "; Path=/; HttpOnly"))
                .orElseGet(() -> Response.error(route, 401, "wrong username or password"));
    }

    private Response cart(String route, String session) {
        return shop.cart(session).map(items -> Response.json(route, 200, Map.of("items", items)))
                .orElseGet(() -> notLoggedIn(route));
    }

    private Response addToCart(String route, byte[] body, String session) {
        if (!shop.isSession(session)) {
            return notLoggedIn(route);
        }
        Optional<Integer> productId = parseJson(body).map(json -> json.path("productId"))
                .filter(JsonNode::canConvertToInt).map(JsonNode::asInt);
        if (productId.isEmpty()) {
            return Response.error(route, 400, "expected JSON {\"productId\": n}");
        }
        return shop.product(productId.get())
                .map(product -> shop.addToCart(session, product)
                        .map(items -> Response.json(route, 201, Map.of("items", items)))
                        .orElseGet(() -> notLoggedIn(route)))
                .orElseGet(() -> Response.error(route, 404, "no product " + productId.get()));
    }

    private Response checkout(String route, String session) {
        if (!shop.isSession(session)) {
            return notLoggedIn(route);
        }
        if (ThreadLocalRandom.current().nextDouble() < config.errorRate()) {
            return Response.error(route, 503, "checkout is temporarily unavailable");
        }
        return shop.checkout(session).map(order -> Response.json(route, 200, order))
                .orElseGet(() -> notLoggedIn(route));
    }

    private Response slow(String route) throws InterruptedException {
        simulateLatency(200, 400);
        return Response.json(route, 200, Map.of("status", "ok"));
    }

    private static Response notLoggedIn(String route) {
        return Response.error(route, 401, "log in first: POST /api/login");
    }

    private static void simulateLatency(long minMs, long maxMs) throws InterruptedException {
        long ms = minMs == maxMs ? minMs : ThreadLocalRandom.current().nextLong(minMs, maxMs + 1);
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private static String sessionCookie(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String cookie : header.split(";")) {
                String[] nameValue = cookie.trim().split("=", 2);
                if (nameValue.length == 2 && nameValue[0].equals(SESSION_COOKIE)) {
                    return nameValue[1];
                }
            }
        }
        return null;
    }

    private static Optional<JsonNode> parseJson(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> parseInt(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        if (response.body().length == 0) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    /** The answer to one request, and the route name it is counted under. */
    private record Response(String route, int status, Map<String, String> headers, byte[] body) {

        static Response json(String route, int status, Object value) {
            try {
                return new Response(route, status, Map.of("Content-Type", "application/json"),
                        JSON.writeValueAsBytes(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write " + value + " as JSON", e);
            }
        }

        static Response error(String route, int status, String message) {
            return json(route, status, Map.of("error", message));
        }

        static Response html(String route, int status, String html) {
            return new Response(route, status, Map.of("Content-Type", "text/html; charset=utf-8"),
                    html.getBytes(StandardCharsets.UTF_8));
        }

        static Response redirect(String route, String location) {
            return new Response(route, 302, Map.of("Location", location), new byte[0]);
        }

        Response withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(route, status, more, body);
        }
    }

    /** Standalone use: {@code SampleTarget [--port N]} serves until the process is stopped. */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].startsWith("--port=")) {
                port = Integer.parseInt(args[i].substring("--port=".length()));
            } else {
                System.err.println("usage: SampleTarget [--port N]   (default " + DEFAULT_PORT + ")");
                System.exit(2);
            }
        }
        SampleTarget target = start(port, Config.defaults());
        Runtime.getRuntime().addShutdownHook(new Thread(target::close));
        System.out.println("Sample target listening on " + target.baseUrl());
        Thread.currentThread().join();
    }
}
