package dev.loadtest;

import com.sun.net.httpserver.HttpServer;
import dev.loadtest.runner.stats.ErrorClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.loadtest.RequestOptions.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpSessionTest {

    record Recorded(String method, String name, long micros, long length, String error, ErrorClass errorClass) {
    }

    static HttpServer server;
    static HttpClient http;
    final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", ex -> reply(ex, 200, "{\"hello\":\"world\"}"));
        server.createContext("/missing", ex -> reply(ex, 404, "nope"));
        server.createContext("/broken", ex -> reply(ex, 503, "down"));
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "late");
        });
        server.createContext("/login", ex -> {
            ex.getResponseHeaders().add("Set-Cookie", "session=abc123; Path=/");
            reply(ex, 200, "in");
        });
        server.createContext("/whoami", ex -> {
            String cookie = ex.getRequestHeaders().getFirst("Cookie");
            reply(ex, 200, cookie == null ? "anonymous" : cookie);
        });
        server.createContext("/redirect", ex -> {
            ex.getResponseHeaders().add("Location", "/ok");
            ex.getResponseHeaders().add("Set-Cookie", "hop=1; Path=/");
            reply(ex, 302, "");
        });
        // a thread per exchange: /slow must not hold up the other tests' requests
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
        http.close();
    }

    @BeforeEach
    void clear() {
        recorded.clear();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    /** Both transports must behave the same in every test. */
    enum Transport { JDK, FAST }

    HttpSession session(Transport transport, String host) {
        UserContext context = context(host);
        return transport == Transport.JDK ? new JdkHttpSession(context) : new FastHttpSession(context);
    }

    private UserContext context(String host) {
        return (new UserContext() {
            @Override
            public HttpClient httpClient() {
                return http;
            }

            @Override
            public void recordRequest(String method, String name, long micros, long length, String error,
                                      ErrorClass errorClass) {
                recorded.add(new Recorded(method, name, micros, length, error, errorClass));
            }

            @Override
            public String host() {
                return host;
            }

            @Override
            public Options options() {
                return new Options(java.util.Map.of());
            }

            @Override
            public String runId() {
                return "test";
            }

            @Override
            public RequestEvents events() {
                return null;
            }
        });
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void namesRequestsByPathAndQueryUnlessNamed(Transport transport) {
        HttpSession s = session(transport, base());
        Response r = s.get("/ok?page=2");
        s.get("/ok?page=3", with().name("/ok?page=[n]"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("hello").asText()).isEqualTo("world");
        assertThat(recorded).extracting(Recorded::name).containsExactly("/ok?page=2", "/ok?page=[n]");
        assertThat(recorded.getFirst().length()).isEqualTo(17);
        assertThat(recorded.getFirst().error()).isNull();
        assertThat(recorded.getFirst().micros()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aResponseSaysWhichProtocolItCameIn(Transport transport) {
        // the JDK client here is pinned to HTTP/1.1 as the engine's default one is; HTTP/2 is HttpVersionIT's
        assertThat(session(transport, base()).get("/ok").httpVersion()).isEqualTo("HTTP/1.1");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void statusFourHundredOrMoreIsAFailureNamedByTheRequestName(Transport transport) {
        Response r = session(transport, base()).get("/missing", with().name("missing page"));
        assertThat(r.ok()).isFalse();
        assertThat(recorded).singleElement()
                .satisfies(x -> assertThat(x.error()).isEqualTo("HTTP 404 for url: missing page"))
                .satisfies(x -> assertThat(x.errorClass()).isEqualTo(ErrorClass.HTTP_4XX));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void serverErrorsAreClassedApartFromClientErrors(Transport transport) {
        session(transport, base()).get("/broken");
        assertThat(recorded).singleElement()
                .satisfies(x -> assertThat(x.errorClass()).isEqualTo(ErrorClass.HTTP_5XX));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aTimeoutIsClassedAsTimeoutNotAsConnectionError(Transport transport) {
        Response r = session(transport, base()).get("/slow", with().timeout(java.time.Duration.ofMillis(200)));
        assertThat(r.status()).isZero();
        assertThat(recorded).singleElement()
                .satisfies(x -> assertThat(x.errorClass()).as(x.error()).isEqualTo(ErrorClass.TIMEOUT));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void connectionErrorsAreFailuresWithStatusZero(Transport transport) throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Response r = session(transport, "http://127.0.0.1:" + closedPort).get("/x");
        assertThat(r.status()).isZero();
        assertThat(r.error()).startsWith("ConnectException");
        assertThat(r.httpVersion()).as("no response, no protocol").isNull();
        assertThat(recorded).singleElement().satisfies(x -> assertThat(x.error()).startsWith("ConnectException"))
                .satisfies(x -> assertThat(x.errorClass()).isEqualTo(ErrorClass.CONNECTION));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void eachSessionKeepsItsOwnCookies(Transport transport) {
        HttpSession alice = session(transport, base());
        HttpSession bob = session(transport, base());
        alice.get("/login");
        assertThat(alice.get("/whoami").text()).isEqualTo("session=abc123");
        assertThat(bob.get("/whoami").text()).isEqualTo("anonymous");
        assertThat(alice.cookie("session")).isEqualTo("abc123");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void redirectsAreFollowedKeepingCookiesAndTheOriginalName(Transport transport) {
        HttpSession s = session(transport, base());
        Response r = s.get("/redirect");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.url()).endsWith("/ok");
        assertThat(s.cookie("hop")).isEqualTo("1");
        assertThat(recorded).singleElement().satisfies(x -> assertThat(x.name()).isEqualTo("/redirect"));
        Response notFollowed = s.get("/redirect", with().allowRedirects(false));
        assertThat(notFollowed.status()).isEqualTo(302);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void catchResponseLetsTheCheckDecideAndTheLastCallWins(Transport transport) {
        HttpSession s = session(transport, base());
        s.get("/missing", with().catchResponse(r -> {
            if (r.status() == 404) {
                r.success();
            }
        }));
        s.get("/ok", with().catchResponse(r -> {
            r.success();
            r.failure("wrong body");
        }));
        s.get("/ok", with().catchResponse(r -> {
            throw new ResponseError("explicit");
        }));
        assertThat(recorded).extracting(Recorded::error).containsExactly(null, "wrong body", "explicit");
        assertThat(recorded).extracting(Recorded::errorClass).containsExactly(null, ErrorClass.CHECK, ErrorClass.CHECK);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anOtherExceptionInACheckPropagatesAndTheRequestIsNotCounted(Transport transport) {
        HttpSession s = session(transport, base());
        assertThatThrownBy(() -> s.get("/ok", with().catchResponse(r -> {
            throw new IllegalArgumentException("bug in check");
        }))).isInstanceOf(IllegalArgumentException.class);
        assertThat(recorded).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void successAndFailureOutsideACheckAreAnError(Transport transport) {
        Response r = session(transport, base()).get("/ok");
        assertThatThrownBy(r::success).isInstanceOf(IllegalStateException.class).hasMessageContaining("catchResponse");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRelativeRequestWithoutAHostSaysHowToSetOne(Transport transport) {
        assertThatThrownBy(() -> session(transport, null).get("/ok")).hasMessageContaining("-H/--host");
    }
}
