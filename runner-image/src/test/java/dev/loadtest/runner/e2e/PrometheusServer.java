package dev.loadtest.runner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real Prometheus (Debian's {@code prometheus} package) as a child process on 127.0.0.1, scraping the given
 * targets every second, with its data in a directory of the test's own. Stopped by PID: SIGTERM, then SIGKILL.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Path> BINARIES = List.of(Path.of("/usr/bin/prometheus"), Path.of("/usr/local/bin/prometheus"));
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts Prometheus scraping {@code targets} ("host:port", path /metrics) and waits until it is ready. */
    static PrometheusServer start(Path dir, String job, List<String> targets) throws IOException, InterruptedException {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                "no prometheus binary in " + BINARIES + ": install Debian's package: apt-get install prometheus"));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: %s
                    metrics_path: /metrics
                    static_configs:
                      - targets: [%s]
                """.formatted(job, String.join(", ", targets.stream().map(t -> "'" + t + "'").toList())));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path log = dir.resolve("prometheus.log");
        int port = freePort();
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, log, port);
        try {
            server.await("Prometheus ready on port " + port, READY_TIMEOUT, server::ready);
        } catch (AssertionError | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + logTail());
        }
        try {
            return http.send(HttpRequest.newBuilder(uri("/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Polls {@code condition} every 200 ms until it holds; fails with the log's tail after {@code timeout}. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what
                        + "\nprometheus log:\n" + logTail());
            }
            Thread.sleep(200);
        }
    }

    /** The result of an instant query now; fails with Prometheus' message if the query is rejected. */
    JsonNode query(String promql) {
        JsonNode body = get("/api/v1/query?query=" + encode(promql));
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("Prometheus rejected " + promql + ": " + body.path("error").asText());
        }
        return body.path("data").path("result");
    }

    /** The one value of an instant query that returns a single sample, or NaN if it returns none. */
    double scalar(String promql) {
        JsonNode result = query(promql);
        if (result.isEmpty()) {
            return Double.NaN;
        }
        if (result.size() != 1) {
            throw new AssertionError(promql + " returned " + result.size() + " series, not one: " + result);
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** Values of {@code label} over the series matching {@code selector}: what Grafana's label_values() does. */
    List<String> labelValues(String label, String selector) {
        JsonNode body = get("/api/v1/label/" + label + "/values?match[]=" + encode(selector));
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("Prometheus rejected label_values(" + selector + ", " + label + "): "
                    + body.path("error").asText());
        }
        List<String> values = new ArrayList<>();
        body.path("data").forEach(v -> values.add(v.asText()));
        return values;
    }

    /** When the last completed scrape of the only target began, or null before the first one. */
    Instant lastScrapeStart() {
        JsonNode targets = get("/api/v1/targets").path("data").path("activeTargets");
        if (targets.size() != 1) {
            return null;
        }
        JsonNode target = targets.get(0);
        if (!"up".equals(target.path("health").asText())) {
            return null;
        }
        return Instant.parse(target.path("lastScrape").asText());
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("Prometheus API call " + pathAndQuery + " failed: " + e + "\n" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@link #STOP_TIMEOUT}. */
    @Override
    public void close() throws InterruptedException {
        http.close();
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            handle.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
