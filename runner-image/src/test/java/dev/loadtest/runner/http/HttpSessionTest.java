package dev.loadtest.runner.http;

import dev.loadtest.Auth;
import dev.loadtest.HttpError;
import dev.loadtest.HttpSession;
import dev.loadtest.Response;
import dev.loadtest.ResponseError;
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
import dev.loadtest.runner.http.RecordingContext.Recorded;
import dev.loadtest.runner.http.RecordingContext.Transport;

import static dev.loadtest.RequestOptions.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpSessionTest {

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
        server.createContext("/echo", EchoHandler::echo);
        server.createContext("/bytes", ex -> { // /bytes?N[&chunked]: N bytes of '{'
            String[] query = ex.getRequestURI().getRawQuery().split("&");
            long n = Long.parseLong(query[0]);
            ex.sendResponseHeaders(200, query.length > 1 ? 0 : n);
            byte[] block = new byte[64 * 1024];
            java.util.Arrays.fill(block, (byte) '{');
            try (var out = ex.getResponseBody()) {
                for (long left = n; left > 0; left -= block.length) {
                    out.write(block, 0, (int) Math.min(left, block.length));
                }
            }
        });
        server.createContext("/to", ex -> { // /to/STATUS?location=URL
            int status = Integer.parseInt(ex.getRequestURI().getPath().substring(4));
            String query = ex.getRequestURI().getRawQuery();
            ex.getResponseHeaders().add("Location",
                    java.net.URLDecoder.decode(query.substring("location=".length()), StandardCharsets.UTF_8));
            ex.getRequestBody().readAllBytes();
            reply(ex, status, "");
        });
        server.createContext("/slow-body", ex -> {
            ex.sendResponseHeaders(200, 4);
            ex.getResponseBody().write('l');
            ex.getResponseBody().flush();
            try {
                Thread.sleep(Long.parseLong(ex.getRequestURI().getRawQuery()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                ex.getResponseBody().write("ate".getBytes(StandardCharsets.UTF_8));
                ex.close();
            } catch (IOException gone) {
                // the client gave up first
            }
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

    HttpSession session(Transport transport, String host) {
        return transport.session(new RecordingContext(host, http, recorded));
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

    // ---- what requests gives a Locust user, the same on both transports ----

    private static String header(Response echo, String name) {
        return EchoHandler.header(echo, name);
    }

    private static String receivedBody(Response echo) {
        return EchoHandler.body(echo);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void sessionHeadersAreSentWithEveryRequestAndARequestHeaderOfTheSameNameWins(Transport transport) {
        HttpSession s = session(transport, base());
        s.headers().put("X-Api-Key", "k1");
        s.headers().put("X-Tenant", "acme");
        Response plain = s.get("/echo");
        Response overridden = s.get("/echo", with().header("x-tenant", "other"));
        assertThat(header(plain, "X-Api-Key")).isEqualTo("k1");
        assertThat(header(plain, "X-Tenant")).isEqualTo("acme");
        assertThat(overridden.json().get("headers").get("x-tenant")).singleElement()
                .satisfies(v -> assertThat(v.asText()).isEqualTo("other"));
        s.headers().remove("x-api-key");
        assertThat(header(s.get("/echo"), "X-Api-Key")).isNull();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void queryParametersAreEncodedAndAppendedToThePathsOwnQueryAndNameTheRequest(Transport transport) {
        HttpSession s = session(transport, base());
        Response r = s.get("/echo?page=2", with().param("q", "caf\u00e9 & cr\u00e8me/1+1").param("tag", "a")
                .param("tag", "b~*"));
        String query = "page=2&q=caf%C3%A9+%26+cr%C3%A8me%2F1%2B1&tag=a&tag=b~%2A";
        assertThat(r.json().get("uri").asText()).isEqualTo("/echo?" + query);
        s.get("/echo", with().params(java.util.Map.of("ids", List.of(1, 2))));
        assertThat(recorded).extracting(Recorded::name).containsExactly("/echo?" + query, "/echo?ids=1&ids=2");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void formFieldsAreSentUrlEncodedWithTheirContentType(Transport transport) {
        Response r = session(transport, base()).post("/echo", with().formField("user", "ann lee")
                .formField("next", "/a?b=c"));
        assertThat(header(r, "Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(receivedBody(r)).isEqualTo("user=ann+lee&next=%2Fa%3Fb%3Dc");
        assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(receivedBody(r).length()));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void filesAreUploadedAsMultipartWithFieldsFirstAndOneBoundary(Transport transport) {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0, (byte) 0xff};
        Response r = session(transport, base()).post("/echo", with().file("avatar", "me.png", png, "image/png")
                .file("notes", "a \"b\".txt", "hi".getBytes(StandardCharsets.UTF_8)).formField("user", "ann"));
        String type = header(r, "Content-Type");
        assertThat(type).matches("multipart/form-data; boundary=[0-9a-f]{32}");
        String boundary = type.substring(type.indexOf('=') + 1);
        assertThat(receivedBody(r)).isEqualTo("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"user\"\r\n\r\nann\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"avatar\"; filename=\"me.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n" + new String(png, StandardCharsets.ISO_8859_1) + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"notes\"; filename=\"a %22b%22.txt\"\r\n\r\nhi\r\n"
                + "--" + boundary + "--\r\n");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void basicAuthForTheSessionBearerForOneRequestAndAuthWinsOverAnAuthorizationHeader(Transport transport) {
        HttpSession s = session(transport, base());
        s.auth(Auth.basic("ann", "s3cret:x"));
        assertThat(header(s.get("/echo"), "Authorization")).isEqualTo("Basic YW5uOnMzY3JldDp4");
        assertThat(header(s.get("/echo", with().auth(Auth.bearer("tok-1"))), "Authorization"))
                .isEqualTo("Bearer tok-1");
        assertThat(s.get("/echo", with().header("Authorization", "Token zzz")).json().get("headers")
                .get("authorization")).singleElement().satisfies(v -> assertThat(v.asText()).startsWith("Basic"));
        s.auth(null);
        assertThat(header(s.get("/echo"), "Authorization")).isNull();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aPostWithoutABodySendsAZeroContentLength(Transport transport) {
        Response r = session(transport, base()).post("/echo");
        assertThat(r.json().get("method").asText()).isEqualTo("POST");
        assertThat(header(r, "Content-Length")).isEqualTo("0");
        assertThat(receivedBody(r)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBodyThatStallsPastTheTimeoutIsAFailureSayingSo(Transport transport) {
        Response r = session(transport, base()).get("/slow-body?1500", with().name("slow body")
                .timeout(java.time.Duration.ofMillis(300)));
        assertThat(r.status()).isZero();
        assertThat(r.elapsedMs()).isLessThan(1400);
        assertThat(recorded).singleElement().satisfies(x -> {
            assertThat(x.error()).isEqualTo("Timeout: no complete response within 300 ms");
            assertThat(x.errorClass()).isEqualTo(ErrorClass.TIMEOUT);
            assertThat(x.name()).isEqualTo("slow body");
        });
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aTimeoutWaitingForTheHeadersReadsTheSame(Transport transport) {
        session(transport, base()).get("/slow", with().timeout(java.time.Duration.ofMillis(200)));
        assertThat(recorded).singleElement().satisfies(x ->
                assertThat(x.error()).isEqualTo("Timeout: no complete response within 200 ms"));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void redirectsChangeTheMethodAndDropTheBodyAsRequestsDoes(Transport transport) {
        HttpSession s = session(transport, base());
        String echo = java.net.URLEncoder.encode(base() + "/echo", StandardCharsets.UTF_8);
        Response r302 = s.post("/to/302?location=" + echo, with().formField("a", "1"));
        assertThat(r302.json().get("method").asText()).isEqualTo("GET");
        assertThat(receivedBody(r302)).isEmpty();
        assertThat(header(r302, "Content-Type")).isNull();
        Response r307 = s.put("/to/307?location=" + echo, with().body("keep").header("Content-Type", "text/plain"));
        assertThat(r307.json().get("method").asText()).isEqualTo("PUT");
        assertThat(receivedBody(r307)).isEqualTo("keep");
        Response r301 = s.put("/to/301?location=" + echo, with().body("dropped"));
        assertThat(r301.json().get("method").asText()).as("301 turns only a POST into a GET").isEqualTo("PUT");
        assertThat(receivedBody(r301)).isEmpty();
        Response notFollowed = s.post("/to/303?location=" + echo, with().allowRedirects(false));
        assertThat(notFollowed.status()).isEqualTo(303);
        assertThat(notFollowed.header("Location")).endsWith("/echo");
        assertThat(recorded).extracting(Recorded::name).allSatisfy(n -> assertThat(n).startsWith("/to/"));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void credentialsAreNotSentOnToAnotherHostAfterARedirect(Transport transport) {
        HttpSession s = session(transport, base());
        s.auth(Auth.bearer("secret"));
        String sameHost = java.net.URLEncoder.encode(base() + "/echo", StandardCharsets.UTF_8);
        String otherHost = java.net.URLEncoder.encode("http://localhost:" + server.getAddress().getPort() + "/echo",
                StandardCharsets.UTF_8);
        assertThat(header(s.get("/to/302?location=" + sameHost), "Authorization")).isEqualTo("Bearer secret");
        assertThat(header(s.get("/to/302?location=" + otherHost), "Authorization")).isNull();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void elapsedIsTheTimeToTheHeadersAndTheResponseTimeIncludesTheBody(Transport transport) {
        Response r = session(transport, base()).get("/slow-body?400");
        assertThat(r.text()).isEqualTo("late");
        assertThat(r.elapsed()).isLessThan(java.time.Duration.ofMillis(350));
        assertThat(r.elapsedMs()).isGreaterThanOrEqualTo(400);
        assertThat(recorded.getFirst().micros()).isGreaterThanOrEqualTo(400_000);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void raiseForStatusThrowsForAFailedStatusOrNoResponseAndReturnsTheResponseOtherwise(Transport transport)
            throws IOException {
        HttpSession s = session(transport, base());
        Response ok = s.get("/ok");
        assertThat(ok.raiseForStatus()).isSameAs(ok);
        Response missing = s.get("/missing", with().name("/m"));
        assertThatThrownBy(missing::raiseForStatus).isInstanceOf(HttpError.class)
                .hasMessage("HTTP 404 for url: /m").satisfies(e -> assertThat(((HttpError) e).response()).isSameAs(missing));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Response refused = session(transport, "http://127.0.0.1:" + closedPort).get("/x");
        assertThatThrownBy(refused::raiseForStatus).isInstanceOf(HttpError.class).hasMessageStartingWith("ConnectException");
        assertThat(recorded).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void raiseForStatusInsideACheckPropagatesAndTheRequestIsNotCountedAsInLocust(Transport transport) {
        HttpSession s = session(transport, base());
        assertThatThrownBy(() -> s.get("/missing", with().catchResponse(Response::raiseForStatus)))
                .isInstanceOf(HttpError.class);
        assertThat(recorded).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void bodiesPastTheBoundAreCountedWholeButKeptOnlyUpToIt(Transport transport) {
        HttpSession s = session(transport, base());
        s.maxBodyBytes(1024 * 1024);
        Response withLength = s.get("/bytes?20000000", with().name("length"));
        Response chunked = s.get("/bytes?20000000&chunked", with().name("chunked"));
        for (Response r : List.of(withLength, chunked)) {
            assertThat(r.ok()).as(r.name()).isTrue();
            assertThat(r.bytes()).as(r.name()).hasSize(1024 * 1024);
            assertThat(r.contentLength()).as(r.name()).isEqualTo(20_000_000);
            assertThat(r.truncated()).as(r.name()).isTrue();
            assertThatThrownBy(r::json).as(r.name()).isInstanceOf(ResponseError.class)
                    .hasMessageContaining("cut at 1048576").hasMessageContaining("maxBodyBytes");
        }
        Response small = s.get("/bytes?10", with().maxBodyBytes(5));
        assertThat(small.text()).isEqualTo("{{{{{");
        assertThat(s.get("/ok").truncated()).isFalse();
        assertThat(recorded).extracting(Recorded::length).containsExactly(20_000_000L, 20_000_000L, 10L, 17L);
        assertThat(recorded).extracting(Recorded::error).containsOnlyNulls();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBodyWithoutALengthIsReadUntilCloseAndKeptOnlyUpToTheBound(Transport transport) throws Exception {
        int size = 12_000_000;
        try (ServerSocket raw = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> { // one answer without Content-Length or chunking: the close ends it
                try (java.net.Socket s = raw.accept()) {
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        // the request head
                    }
                    var out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    byte[] block = new byte[64 * 1024];
                    java.util.Arrays.fill(block, (byte) 'x');
                    for (int sent = 0; sent < size; sent += block.length) {
                        out.write(block, 0, Math.min(block.length, size - sent));
                    }
                } catch (IOException ignored) {
                    // the client went away
                }
            });
            HttpSession s = session(transport, "http://127.0.0.1:" + raw.getLocalPort());
            s.maxBodyBytes(100_000);
            Response r = s.get("/stream");
            assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(200);
            assertThat(r.bytes()).hasSize(100_000);
            assertThat(r.contentLength()).isEqualTo(size);
            assertThat(recorded).singleElement().satisfies(x -> assertThat(x.length()).isEqualTo(size));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theDefaultBoundIsFourMebibytes(Transport transport) {
        Response r = session(transport, base()).get("/bytes?6000000");
        assertThat(r.bytes()).hasSize(HttpSession.DEFAULT_MAX_BODY_BYTES).hasSize(4 * 1024 * 1024);
        assertThat(r.contentLength()).isEqualTo(6_000_000);
    }

    @Test
    void aRequestHasOneKindOfBody() {
        assertThatThrownBy(() -> with().json(List.of()).formField("a", "b")).hasMessageContaining("one body");
        assertThatThrownBy(() -> with().file("f", "x", new byte[0]).body("x")).hasMessageContaining("one body");
    }
}
