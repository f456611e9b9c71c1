package dev.loadtest.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.testcluster.FreePorts;

import java.io.IOException;
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

import static org.awaitility.Awaitility.await;

/**
 * Debian's {@code prometheus} as a child process on 127.0.0.1 scraping one target every second: a small copy of
 * runner-image's {@code PrometheusServer} (test sources are not shared between the modules).
 */
final class Prometheus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Path> BINARIES = List.of(Path.of("/usr/bin/prometheus"), Path.of("/usr/local/bin/prometheus"));

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Prometheus(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts Prometheus scraping {@code http://target/metricsPath} every second; returns once it is ready. */
    static Prometheus start(Path dir, String target, String metricsPath) throws IOException {
        return startWithConfig(dir, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: loadtest-operator
                    metrics_path: %s
                    static_configs:
                      - targets: ['%s']
                """.formatted(metricsPath, target));
    }

    /** Starts Prometheus with this {@code prometheus.yml} (written to {@code dir}); returns once it is ready. */
    static Prometheus startWithConfig(Path dir, String configYaml) throws IOException {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                "no prometheus binary in " + BINARIES + ": apt-get install prometheus"));
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, configYaml);
        Path log = dir.resolve("prometheus.log");
        int port = FreePorts.pick(1).getFirst();
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Prometheus prometheus = new Prometheus(process, log, port);
        try {
            await("Prometheus ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(prometheus::ready);
        } catch (RuntimeException | Error e) {
            prometheus.close();
            throw new AssertionError("Prometheus did not get ready:\n" + prometheus.logTail(), e);
        }
        return prometheus;
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

    /** The result vector of an instant query now; fails with Prometheus' message if the query is rejected. */
    JsonNode query(String promql) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            if (!"success".equals(body.path("status").asText())) {
                throw new AssertionError("Prometheus rejected " + promql + ": " + body.path("error").asText());
            }
            return body.path("data").path("result");
        } catch (IOException e) {
            throw new AssertionError("query " + promql + " failed: " + e + "\n" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The result matrix of a range query, as Grafana asks for a time series panel. */
    JsonNode queryRange(String promql, Instant start, Instant end, Duration step) {
        return get("/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + start.getEpochSecond() + "&end=" + end.getEpochSecond() + "&step=" + step.toSeconds(), promql);
    }

    /** The values of {@code label} on the series {@code selector} selects: what a label_values() variable offers. */
    List<String> labelValues(String label, String selector) {
        List<String> values = new ArrayList<>();
        get("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8),
                selector).forEach(v -> values.add(v.asText()));
        return values;
    }

    /** The active targets: each with its labels after relabelling and its last scrape's health. */
    JsonNode activeTargets() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/targets?state=active"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body()).path("data").path("activeTargets");
        } catch (IOException e) {
            throw new AssertionError("targets failed: " + e + "\n" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private JsonNode get(String pathAndQuery, String what) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            if (!"success".equals(body.path("status").asText())) {
                throw new AssertionError("Prometheus rejected " + what + ": " + body.path("error").asText());
            }
            JsonNode data = body.path("data");
            return data.has("result") ? data.path("result") : data;
        } catch (IOException e) {
            throw new AssertionError(what + " failed: " + e + "\n" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close() {
        http.close();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
