package dev.loadtest.runner.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Locust's command-line contract: flags, exit codes, outputs. Runs short real tests against a local server. */
class MainTest {

    static HttpServer server;

    @TempDir
    static Path dir;

    static Path loadfile;

    @BeforeAll
    static void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            int status = ex.getRequestURI().getPath().startsWith("/fail") ? 500 : 200;
            ex.sendResponseHeaders(status, 2);
            ex.getResponseBody().write("ok".getBytes());
            ex.close();
        });
        server.start();
        loadfile = Files.writeString(dir.resolve("Quick.java"), """
                import dev.loadtest.*;
                @CustomOption(name = "path", defaultValue = "/ok")
                public class Quick extends HttpUser {
                    @Override protected WaitTime waitTime() { return WaitTime.constant(0.05); }
                    @Task void hit() { client.get(options().get("path")); }
                }
                """);
    }

    @AfterAll
    static void tearDown() {
        server.stop(0);
    }

    private static String host() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void anUnknownFlagExitsTwo() {
        assertThat(Main.run("-f", loadfile.toString(), "--no-such-flag")).isEqualTo(2);
    }

    @Test
    void anInvalidRunTimeExitsTwo() {
        assertThat(Main.run("-f", loadfile.toString(), "-t", "soon")).isEqualTo(2);
    }

    @Test
    void httpVersionIsOneOrTwoAndAnythingElseExitsTwoNamingTheFlagAndTheValues() {
        String err = stderrOf(() -> assertThat(Main.run("-f", loadfile.toString(), "--http-version", "3"))
                .isEqualTo(2));
        assertThat(err).contains("--http-version").contains("'3' is not an HTTP version; use 1.1 or 2");
        assertThat(Main.run("-f", loadfile.toString(), "-H", host(), "-t", "1s", "--http-version", "2", "--insecure",
                "--headless"))
                .isZero();
    }

    @Test
    void aManifestsHttpVersionIsCheckedWithTheFieldNamed() throws IOException {
        Path bad = Files.writeString(dir.resolve("h3.yaml"), """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata: {name: h3}
                spec:
                  httpVersion: "3"
                  loadfile: {path: Quick.java}
                """);
        String err = stderrOf(() -> assertThat(Main.run("run", bad.toString(), "--headless")).isEqualTo(1));
        assertThat(err).contains("spec.httpVersion: '3' is not an HTTP version; use 1.1 or 2");
    }

    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLoadfileThatDoesNotCompileExitsOneBeforeAnyLoad() throws IOException {
        Path broken = Files.writeString(dir.resolve("Broken.java"), "public class Broken extends dev.loadtest.User { x }");
        assertThat(Main.run("-f", broken.toString(), "-H", host(), "-t", "1s", "--headless")).isEqualTo(1);
    }

    @Test
    void aCleanRunExitsZeroAndWritesLocustsCsvFiles() throws IOException {
        String prefix = dir.resolve("clean").toString();
        int code = Main.run("-f", loadfile.toString(), "-H", host(), "-u", "3", "-r", "3", "-t", "2s", "--headless",
                "--csv", prefix);
        assertThat(code).isZero();
        List<String> stats = Files.readAllLines(Path.of(prefix + "_stats.csv"));
        assertThat(stats.getFirst()).startsWith("Type,Name,Request Count,Failure Count,Median Response Time");
        assertThat(stats).anyMatch(l -> l.startsWith("GET,/ok,"));
        assertThat(stats.getLast()).startsWith(",Aggregated,");
        assertThat(Path.of(prefix + "_stats_history.csv")).exists();
        assertThat(Path.of(prefix + "_failures.csv")).exists();
        assertThat(Path.of(prefix + "_exceptions.csv")).exists();
    }

    @Test
    void withoutHeadlessAutostartRunsFromTheWebUiAndAutoquitEndsTheProcessWithLocustsExitCode() throws IOException {
        String prefix = dir.resolve("web").toString();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("-f", loadfile.toString(), "-H", host(), "-u", "2", "-r", "2", "-t", "2s", "--web-port", "0",
                    "--autostart", "--autoquit", "0", "--csv", prefix, "--path", "/fail");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("Starting web interface at http://127\\.0\\.0\\.1:\\d+")
                .contains("--autoquit time reached");
        assertThat(code).isEqualTo(1);
        assertThat(Files.readAllLines(Path.of(prefix + "_failures.csv"))).anyMatch(l -> l.startsWith("GET,/fail,"));
    }

    @Test
    void aBusyWebPortExitsTwoNamingTheFlag() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String err = stderrOf(() -> assertThat(Main.run("-f", loadfile.toString(), "-H", host(),
                    "--web-port", String.valueOf(busy.getLocalPort()))).isEqualTo(2));
            assertThat(err).contains("cannot serve the web UI on 127.0.0.1:" + busy.getLocalPort()).contains("--web-port");
        }
    }

    @Test
    void failuresExitWithTheExitCodeOnError() {
        assertThat(Main.run("-f", loadfile.toString(), "-H", host(), "-t", "1s", "--path", "/fail", "--headless"))
                .isEqualTo(1);
        assertThat(Main.run("-f", loadfile.toString(), "-H", host(), "-t", "1s", "--path", "/fail",
                "--exit-code-on-error", "0", "--headless")).isZero();
    }

    @Test
    void manifestThresholdsDecideTheExitCode() throws IOException {
        String manifest = """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata: {name: quick}
                spec:
                  users: 2
                  spawnRate: 2
                  host: %s
                  runTime: 2s
                  loadfile: {path: Quick.java}
                  thresholds:
                    - {metric: failureRatio, below: %s}
                """;
        Path pass = Files.writeString(dir.resolve("pass.yaml"), manifest.formatted(host(), "0.01"));
        assertThat(Main.run("run", pass.toString(), "--headless")).isZero();
        Path fail = Files.writeString(dir.resolve("fail.yaml"), manifest.formatted(host(), "0.01")
                .replace("  thresholds:", "  options: {path: /fail}\n  thresholds:"));
        assertThat(Main.run("run", fail.toString(), "--headless")).isEqualTo(LocalRun.EXIT_THRESHOLDS_FAILED);
    }

    @Test
    void aManifestWithAnUnknownFieldIsRejectedNamingIt() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata: {name: bad}
                spec:
                  users: 2
                  userz: 3
                  loadfile: {path: Quick.java}
                """);
        assertThat(Main.run("run", bad.toString(), "--headless")).isEqualTo(1);
    }

    @Test
    void aLocalRunServesMetricsWhileItRunsWhenAskedTo() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // The run lasts until the test has scraped it (the target then tells the users to quit), so that a slow
        // machine cannot end a short run before the first scrape; 60 s only bounds a broken run.
        AtomicBoolean scraped = new AtomicBoolean();
        server.createContext("/until-scraped", ex -> {
            byte[] answer = (scraped.get() ? "stop" : "go").getBytes();
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        Path untilScraped = Files.writeString(dir.resolve("UntilScraped.java"), """
                import dev.loadtest.*;
                public class UntilScraped extends HttpUser {
                    @Override protected WaitTime waitTime() { return WaitTime.constant(0.05); }
                    @Task void hit() {
                        if (client.get("/until-scraped").text().equals("stop")) {
                            environment().quit();
                        }
                    }
                }
                """);
        // its own thread, as `loadtest` runs on main: not the common pool, which the HTTP client also uses
        var run = new CompletableFuture<Integer>();
        Thread.ofPlatform().start(() -> run.complete(Main.run("-f", untilScraped.toString(),
                "-H", host(), "-u", "2", "-r", "2", "-t", "60s", "--metrics-port", String.valueOf(port), "--headless")));
        var http = HttpClient.newHttpClient();
        var scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build();
        String body = "";
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!body.contains("loadtest_requests_total") && System.nanoTime() < deadline && !run.isDone()) {
            Thread.sleep(200);
            try {
                body = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException notListeningYet) {
                body = "";
            }
        }
        scraped.set(true);
        assertThat(body).contains("loadtest_requests_total{loadtest=\"local\",method=\"GET\",name=\"/until-scraped\","
                + "namespace=\"local\",run_id=\"local\",runner=\"local\"}");
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
    }
}
