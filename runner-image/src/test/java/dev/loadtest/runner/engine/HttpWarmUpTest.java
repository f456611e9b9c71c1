package dev.loadtest.runner.engine;

import com.sun.net.httpserver.HttpServer;
import dev.loadtest.FastHttpUser;
import dev.loadtest.HttpUser;
import dev.loadtest.Task;
import dev.loadtest.User;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.runner.loadfile.CompiledLoadfile;
import dev.loadtest.runner.loadfile.LoadfileModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up exercises the HTTP paths of the run's user classes, and only those, on its own loopback server and
 * never on the run's target.
 */
class HttpWarmUpTest {

    private HttpServer target;
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void startTarget() throws IOException {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/", exchange -> {
            served.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
    }

    @AfterEach
    void stopTarget() {
        target.stop(0);
    }

    private String targetUrl() {
        return "http://127.0.0.1:" + target.getAddress().getPort();
    }

    /** Logs in once, then idles: each user sends exactly one request. */
    public static class LoginOnce extends HttpUser {
        @Override
        protected void onStart() {
            client.post("/login", "{\"username\":\"a\"}");
        }

        @Task
        void idle() throws InterruptedException {
            Thread.sleep(60_000);
        }
    }

    public static class FastLoginOnce extends FastHttpUser {
        @Override
        protected void onStart() {
            client.post("/login", "{\"username\":\"a\"}");
        }

        @Task
        void idle() throws InterruptedException {
            Thread.sleep(60_000);
        }
    }

    /** Sends nothing over HTTP. */
    public static class Plain extends User {
        @Task
        void idle() throws InterruptedException {
            Thread.sleep(60_000);
        }
    }

    @Test
    void theTransportsAreThoseTheUserClassesSendThrough() {
        assertThat(HttpWarmUp.Transport.usedBy(List.of(LoginOnce.class))).containsExactly(HttpWarmUp.Transport.JDK);
        assertThat(HttpWarmUp.Transport.usedBy(List.of(FastLoginOnce.class)))
                .containsExactly(HttpWarmUp.Transport.FAST);
        assertThat(HttpWarmUp.Transport.usedBy(List.of(Plain.class, String.class))).isEmpty();
        assertThat(HttpWarmUp.Transport.usedBy(List.of(Plain.class, FastLoginOnce.class, LoginOnce.class)))
                .containsExactlyInAnyOrder(HttpWarmUp.Transport.JDK, HttpWarmUp.Transport.FAST);
    }

    @Test
    void aRunAsksToWarmThePathsOfTheUserClassesItStartsOnly() throws Exception {
        LoadfileModel loadfile = LoadfileModel.of(new CompiledLoadfile("test", getClass().getClassLoader(),
                List.of(LoginOnce.class, FastLoginOnce.class, Plain.class)));
        Map<String, Set<HttpWarmUp.Transport>> asked = new java.util.LinkedHashMap<>();
        for (String userClass : List.of("FastLoginOnce", "LoginOnce", "Plain")) {
            try (Engine engine = new Engine(loadfile, "warm-test")) {
                engine.start(new StartCommand("r-" + userClass, targetUrl(), Map.of(userClass, 1), 100,
                        null, null, null, null, 0));
                asked.put(userClass, engine.warmUp().lastAsked());
                engine.stop();
                assertThat(engine.awaitStopped(Duration.ofSeconds(10))).isTrue();
            }
        }
        assertThat(asked).containsExactly(Map.entry("FastLoginOnce", Set.of(HttpWarmUp.Transport.FAST)),
                Map.entry("LoginOnce", Set.of(HttpWarmUp.Transport.JDK)), Map.entry("Plain", Set.of()));
    }

    @Test
    void aFastHttpUserWarmUpSendsNothingThroughTheJdkClientAndTheOtherWayRound() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            Set<HttpWarmUp.Transport> hot = EnumSet.noneOf(HttpWarmUp.Transport.class);
            HttpWarmUp warmUp = new HttpWarmUp(hot);

            Map<HttpWarmUp.Transport, Integer> fast = warmUp.warm(client, Set.of(HttpWarmUp.Transport.FAST),
                    List.of(targetUrl()));
            assertThat(fast).containsOnlyKeys(HttpWarmUp.Transport.FAST);
            assertThat(fast.get(HttpWarmUp.Transport.FAST)).isPositive();
            assertThat(hot).containsExactly(HttpWarmUp.Transport.FAST);

            Map<HttpWarmUp.Transport, Integer> jdk = warmUp.warm(client, Set.of(HttpWarmUp.Transport.JDK),
                    List.of(targetUrl()));
            assertThat(jdk).containsOnlyKeys(HttpWarmUp.Transport.JDK);
            assertThat(jdk.get(HttpWarmUp.Transport.JDK)).isPositive();
            assertThat(hot).containsExactlyInAnyOrder(HttpWarmUp.Transport.FAST, HttpWarmUp.Transport.JDK);

            assertThat(warmUp.warm(client, Set.of(), List.of(targetUrl()))).as("a plain User's run").isEmpty();
            assertThat(served.get()).as("requests at the run's target").isZero();
        }
    }

    @Test
    void aTargetThatCountsRequestsSeesExactlyTheRunsRequests() throws Exception {
        LoadfileModel loadfile = LoadfileModel.of(new CompiledLoadfile("test", getClass().getClassLoader(),
                List.of(LoginOnce.class, FastLoginOnce.class)));
        try (Engine engine = new Engine(loadfile, "warm-test")) {
            engine.start(new StartCommand("r1", targetUrl(), Map.of("LoginOnce", 3, "FastLoginOnce", 3), 100,
                    null, null, null, null, 0));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((engine.snapshot().total().numRequests() < 6 || served.get() < 6) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            engine.stop();
            assertThat(engine.awaitStopped(Duration.ofSeconds(10))).isTrue();
            StatsSnapshot s = engine.snapshot();
            assertThat(s.entries()).extracting(e -> e.key().name()).containsExactly("/login");
            assertThat(s.total().numRequests()).isEqualTo(6);
            assertThat(served.get()).isEqualTo(6);
            // the warm-up's statistics went to meters of its own: the run's meters count the run's requests alone
            assertThat(engine.metricsText()).doesNotContain("warm-up")
                    .containsPattern("loadtest_requests_total\\{[^}]*name=\"/login\"[^}]*} 6\\.0");
        }
    }

    @Test
    void warmsOnItsOwnLoopbackServerOncePerClientAndNeverConnectsToTheHosts() throws Exception {
        try (ServerSocket hosts = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             HttpClient client = HttpClient.newHttpClient()) {
            AtomicInteger connections = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!hosts.isClosed()) {
                    try (Socket ignored = hosts.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            int port = hosts.getLocalPort();
            HttpWarmUp warmUp = new HttpWarmUp(EnumSet.noneOf(HttpWarmUp.Transport.class));
            Set<HttpWarmUp.Transport> both = EnumSet.allOf(HttpWarmUp.Transport.class);

            Map<HttpWarmUp.Transport, Integer> sent = warmUp.warm(client, both,
                    List.of("http://127.0.0.1:" + port, "https://127.0.0.1:" + port));

            assertThat(sent).as("requests sent to the warm-up's own server").containsOnlyKeys(both)
                    .allSatisfy((transport, n) -> assertThat(n).isPositive());
            assertThat(warmUp.warm(client, both, List.of("http://127.0.0.1:" + port))).as("the same client again")
                    .isEmpty();
            assertThat(connections.get()).as("connections to the run's hosts").isZero();
        }
    }

    @Test
    void theLoopbackServerAnswersEveryRequestOnOneConnectionAsALoginThenAWebServerThenChunked() throws Exception {
        try (HttpWarmUp.LoopbackServer server = HttpWarmUp.LoopbackServer.start();
             HttpClient client = HttpClient.newHttpClient()) {
            List<String> cookies = new java.util.ArrayList<>();
            List<String> encodings = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/x"))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("{\"token\":\"ok\"}");
                cookies.add(response.headers().firstValue("Set-Cookie").orElse("-"));
                encodings.add(response.headers().firstValue("Transfer-Encoding").orElse("-"));
            }
            assertThat(cookies).containsExactly("session=warm; Path=/", "-", "-");
            assertThat(encodings).containsExactly("-", "-", "chunked");
            assertThat(server.served()).isEqualTo(3);
        }
    }
}
