package dev.loadtest.runner.metrics;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} alone, for a local run (which has no control API) to be scraped like a runner pod.
 * Worker mode serves the same text from its control API instead.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** Prometheus' text exposition format, the one {@link RunMetrics#scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Serves {@code exposition} at {@code http://bind:port/metrics}; port 0 picks a free port. */
    public static MetricsEndpoint start(String bind, int port, Supplier<String> exposition) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        server.createContext("/metrics", ex -> {
            try (ex) {
                byte[] body = exposition.get().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
        return new MetricsEndpoint(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
