package dev.loadtest.operator.e2e;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system under test of the E2E tests: answers every request of the shop loadfile with 200 and counts what
 * it served, so that the LoadTest's merged figures can be held against an independent count.
 */
final class CountingTarget implements LoadTarget {

    private static final byte[] BODY = "{\"token\":\"t\",\"orderId\":1,\"items\":[]}".getBytes(StandardCharsets.UTF_8);

    private volatile HttpServer server;
    private final int port;
    private final AtomicLong served = new AtomicLong();
    private final Set<String> apiKeys = ConcurrentHashMap.newKeySet();
    private final AtomicLong checkouts = new AtomicLong();
    private volatile int failEveryNthCheckout;

    CountingTarget() throws IOException {
        server = serve(0);
        port = server.getAddress().getPort();
    }

    private HttpServer serve(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try (ex; InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
                served.incrementAndGet();
                String apiKey = ex.getRequestHeaders().getFirst("X-Api-Key");
                if (apiKey != null) {
                    apiKeys.add(apiKey);
                }
                ex.getResponseHeaders().set("Content-Type", "application/json");
                int nth = failEveryNthCheckout;
                boolean fail = nth > 0 && ex.getRequestURI().getPath().equals("/api/checkout")
                        && checkouts.incrementAndGet() % nth == 0;
                ex.sendResponseHeaders(fail ? 500 : 200, BODY.length);
                ex.getResponseBody().write(BODY);
            }
        });
        server.start();
        return server;
    }

    /**
     * The target goes down: connections are refused until {@link #up()}. Requests already being answered are
     * answered (and counted) first, so that what it served stays exact.
     */
    void down() {
        server.stop(2);
    }

    /** Back on the same port. */
    void up() throws IOException {
        server = serve(port);
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long served() {
        return served.get();
    }

    /** The {@code X-Api-Key} values requests carried: proof that a credential reached the runners. */
    Set<String> apiKeysSeen() {
        return Set.copyOf(apiKeys);
    }

    /** Answers every nth {@code POST /api/checkout} with 500 from now on (0: none), so failure figures have data. */
    void failEveryNthCheckout(int nth) {
        failEveryNthCheckout = nth;
    }

    @Override
    public void reset() {
        served.set(0);
        apiKeys.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
