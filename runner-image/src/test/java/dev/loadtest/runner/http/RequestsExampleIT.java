package dev.loadtest.runner.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.runner.engine.Engine;
import dev.loadtest.runner.loadfile.LoadfileCompiler;
import dev.loadtest.runner.loadfile.LoadfileModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The requests example of docs/loadfiles.md (docs/examples/requests/ApiUser.java) run by the engine against
 * a server that keeps what it received: what the page says goes on the wire does.
 */
class RequestsExampleIT {

    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "requests", "ApiUser.java");
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(20);

    /** One received request: method, raw URI, Content-Type, Authorization, X-Tenant, body. */
    record Received(String method, String uri, String type, String auth, String tenant, String body) {
    }

    private HttpServer server;
    private final Set<Received> received = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theExampleSendsWhatThePageSays() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        StatsSnapshot stats = run("http://127.0.0.1:" + server.getAddress().getPort());

        assertThat(stats.failures()).isEmpty();
        assertThat(stats.exceptions()).isEmpty();
        assertThat(stats.entries()).extracting(e -> e.key().method() + " " + e.key().name())
                .containsExactlyInAnyOrder("GET /search?q=[q]", "POST /login", "POST /avatars", "POST /orders",
                        "GET /orders/[id]");
        assertThat(received).allSatisfy(r -> {
            assertThat(r.tenant()).isEqualTo("acme");
            assertThat(r.auth()).isEqualTo("Bearer T-42");
        });
        Map<String, Received> byPath = received.stream().collect(Collectors.toMap(
                r -> r.method() + " " + r.uri().replaceAll("\\?.*", ""), r -> r, (a, b) -> a));
        assertThat(byPath.get("GET /search").uri()).isEqualTo("/search?q=caf%C3%A9+au+lait&page=2");
        assertThat(byPath.get("POST /login").type()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(byPath.get("POST /login").body()).isEqualTo("user=ann&password=s3cret");
        Received upload = byPath.get("POST /avatars");
        assertThat(upload.type()).startsWith("multipart/form-data; boundary=");
        assertThat(upload.body()).contains("Content-Disposition: form-data; name=\"user\"\r\n\r\nann\r\n")
                .contains("Content-Disposition: form-data; name=\"avatar\"; filename=\"me.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n\u0001\u0002\u0003\r\n");
        assertThat(byPath.get("POST /orders").body()).isEmpty();
        assertThat(byPath).containsKey("GET /orders/42");
    }

    private void answer(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().toString(),
                ex.getRequestHeaders().getFirst("Content-Type"), ex.getRequestHeaders().getFirst("Authorization"),
                ex.getRequestHeaders().getFirst("X-Tenant"), new String(body, StandardCharsets.ISO_8859_1)));
        byte[] reply = "{\"id\":\"42\"}".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, reply.length);
        ex.getResponseBody().write(reply);
        ex.close();
    }

    /** Runs two users of the example until every task has been seen; the run's statistics. */
    private static StatsSnapshot run(String host) throws Exception {
        LoadfileModel model = LoadfileModel.of(LoadfileCompiler.load(EXAMPLE));
        try (Engine engine = new Engine(model, "requests-example-it")) {
            engine.start(new StartCommand("run", host, Map.of("ApiUser", 2), 2, null, null, Map.of("token", "T-42"),
                    null, 0));
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            while (engine.snapshot().entries().stream().filter(e -> e.numRequests() >= 3).count() < 5
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            engine.stop();
            assertThat(engine.awaitStopped(Duration.ofSeconds(10))).isTrue();
            return engine.snapshot();
        }
    }
}
