package dev.loadtest.runner.http;

import dev.loadtest.Auth;
import dev.loadtest.HttpSession;
import dev.loadtest.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.loadtest.runner.http.RecordingContext.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static dev.loadtest.RequestOptions.with;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference is Python's requests itself (Debian's python3-requests, what Locust's HttpSession sends
 * through): each case is prepared by requests and sent by our session over both transports to an echo
 * server, and the method, path and query, body, Content-Type and Authorization must be the same bytes
 * (a multipart body with requests' random boundary replaced by ours).
 */
class RequestsReferenceIT {

    private static final String PYTHON = """
            import base64, json, sys, requests
            base = sys.argv[1]
            cases = {
                "params": requests.Request("GET", base + "/echo?page=2", params=[
                    ("q", "caf\\u00e9 & cr\\u00e8me/1+1"), ("tag", "a"), ("tag", "b~*"), ("empty", "")]),
                "form": requests.Request("POST", base + "/echo", data=[
                    ("user", "ann lee"), ("next", "/a?b=c"), ("utf", "\\u00fc\\u20ac")]),
                "multipart": requests.Request("POST", base + "/echo", data=[("user", "ann")], files=[
                    ("avatar", ("me.png", b"\\x89PNG\\r\\n\\x00\\xff", "image/png")),
                    ("notes", ('a "b".txt', b"hi"))]),
                "basic": requests.Request("GET", base + "/echo", auth=("ann", "s3cret:x")),
                "empty-post": requests.Request("POST", base + "/echo"),
                "json": requests.Request("PUT", base + "/echo", json={"a": [1, 2]}),
                "empty-delete": requests.Request("DELETE", base + "/echo"),
            }
            out = {}
            for name, request in cases.items():
                p = request.prepare()
                body = p.body or b""
                if isinstance(body, str):
                    body = body.encode("utf-8")
                out[name] = {"method": p.method, "url": p.url, "headers": dict(p.headers),
                             "body": base64.b64encode(body).decode("ascii")}
            print(json.dumps(out))
            """;

    /** The same cases, through our session. */
    private static final Map<String, Function<HttpSession, Response>> OURS = Map.of(
            "params", s -> s.get("/echo?page=2", with().param("q", "café & crème/1+1").param("tag", "a")
                    .param("tag", "b~*").param("empty", "")),
            "form", s -> s.post("/echo", with().formField("user", "ann lee").formField("next", "/a?b=c")
                    .formField("utf", "ü€")),
            "multipart", s -> s.post("/echo", with().formField("user", "ann")
                    .file("avatar", "me.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0, (byte) 0xff},
                            "image/png")
                    .file("notes", "a \"b\".txt", "hi".getBytes(StandardCharsets.UTF_8))),
            "basic", s -> s.get("/echo", with().auth(Auth.basic("ann", "s3cret:x"))),
            "empty-post", s -> s.post("/echo"),
            "empty-delete", s -> s.delete("/echo"),
            "json", s -> s.put("/echo", with().json(Map.of("a", java.util.List.of(1, 2)))));

    @TempDir
    static Path dir;
    static HttpServer server;
    static HttpClient http;
    static JsonNode reference;

    @BeforeAll
    static void prepareWithRequests() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", EchoHandler::echo);
        server.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Path script = Files.writeString(dir.resolve("prepare.py"), PYTHON);
        Process python = new ProcessBuilder("python3", script.toString(), base())
                .redirectError(dir.resolve("python.err").toFile()).start();
        byte[] out = python.getInputStream().readAllBytes();
        if (!python.waitFor(30, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            throw new AssertionError("python3 did not finish in 30 s");
        }
        assertThat(python.exitValue()).as("python3 with requests (apt-get install python3-requests): "
                + Files.readString(dir.resolve("python.err"))).isZero();
        reference = EchoHandler.JSON.readTree(out);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (http != null) {
            http.close();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void everyCaseSendsWhatRequestsSends(Transport transport) throws IOException {
        assertThat(reference.properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrderElementsOf(OURS.keySet());
        for (var entry : reference.properties()) {
            String name = entry.getKey();
            JsonNode theirs = entry.getValue();
            Response echo = OURS.get(name).apply(transport.session(
                    new RecordingContext(base(), http, new ArrayList<>())));
            String ourType = EchoHandler.header(echo, "Content-Type");
            String theirType = theirs.path("headers").path("Content-Type").asText(null);
            String theirBody = new String(Base64.getDecoder().decode(theirs.get("body").asText()),
                    StandardCharsets.ISO_8859_1);
            if (theirType != null && theirType.startsWith("multipart/form-data; boundary=")) {
                String theirBoundary = theirType.substring(theirType.indexOf('=') + 1);
                String ourBoundary = ourType.substring(ourType.indexOf('=') + 1);
                theirType = theirType.replace(theirBoundary, ourBoundary);
                theirBody = theirBody.replace(theirBoundary, ourBoundary);
            }
            assertThat(echo.json().get("method").asText()).as(name).isEqualTo(theirs.get("method").asText());
            assertThat(base() + echo.json().get("uri").asText()).as(name).isEqualTo(theirs.get("url").asText());
            assertThat(ourType).as(name).isEqualTo(theirType);
            if (name.equals("json")) {
                // json.dumps puts a blank after ',' and ':', Json.write does not: the same document
                assertThat(EchoHandler.JSON.readTree(EchoHandler.body(echo))).as(name)
                        .isEqualTo(EchoHandler.JSON.readTree(theirBody));
                continue;
            }
            assertThat(EchoHandler.body(echo)).as(name).isEqualTo(theirBody);
            assertThat(EchoHandler.header(echo, "Authorization")).as(name)
                    .isEqualTo(theirs.path("headers").path("Authorization").asText(null));
            assertThat(EchoHandler.header(echo, "Content-Length")).as(name)
                    .isEqualTo(theirs.path("headers").path("Content-Length").asText(null));
        }
    }
}
