package dev.loadtest.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.runner.target.SampleTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The training run of the runner image's AOT cache (JDK 25, {@code -XX:AOTCacheOutput}): one JVM does what a runner
 * pod does at start and in a run, so that the classes it loads and links (the CLI, javac compiling a loadfile, the
 * control server, JSON, both HTTP clients, statistics, metrics) and the profiles of its hot methods are in the cache
 * a pod then starts from. It runs the worker as a pod runs it ({@link WorkerCommand}, on 127.0.0.1, a random port and
 * token) and drives it over HTTP as the operator does: {@code /readyz}, {@code /start} against the bundled sample
 * target, {@code /stats}, {@code /metrics} and {@code /shape} while users run, {@code /stop}, {@code /quit}.
 * Exits 0 only when the sample target served requests, so that an image build whose training did nothing fails.
 */
@Command(name = "aot-training", hidden = true,
        description = "Runs a short worker-mode run against the sample target, for the image's AOT cache.")
final class AotTrainingCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"-f", "--loadfile"}, required = true, paramLabel = "FILE", description = "The loadfile to train with.")
    Path loadfile;

    @Option(names = "--seconds", defaultValue = "3", description = "How long users run (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--users", defaultValue = "4", description = "Users per user class (default ${DEFAULT-VALUE}).")
    int users;

    @Override
    public Integer call() throws Exception {
        String token = UUID.randomUUID().toString();
        try (SampleTarget target = SampleTarget.start(0, SampleTarget.Config.defaults());
             WorkerCommand.Running worker = WorkerCommand.start(loadfile, "127.0.0.1", 0, token, "INFO")) {
            if (worker.failure() != null) {
                System.err.println(worker.failure());
                return 1;
            }
            drive(worker.port(), token, target.baseUrl());
            worker.awaitQuit();
            long served = target.served();
            System.out.println("AOT training: the sample target served " + served + " requests");
            return served > 0 ? 0 : 1;
        }
    }

    /** What the operator does with a runner, in the same order. */
    private void drive(int port, String token, String host) throws Exception {
        String base = "http://127.0.0.1:" + port;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            JsonNode info = JSON.readTree(call(http, "GET", base + "/readyz", null, null, 200));
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (JsonNode userClass : info.path("userClasses")) {
                counts.put(userClass.path("name").asText(), users);
            }
            StartCommand start = new StartCommand("aot-training", host, counts, 50, List.of(), List.of(), Map.of(),
                    seconds, 1, null, false, 0, 1);
            call(http, "POST", base + "/start", token, JSON.writeValueAsString(start), 202);
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                call(http, "GET", base + "/stats", token, null, 200);
                call(http, "GET", base + "/metrics", null, null, 200);
                call(http, "GET", base + "/readyz", null, null, 200);
                Thread.sleep(200);
            }
            // a loadfile without a LoadShape answers 404; either way the route's classes are loaded
            call(http, "POST", base + "/shape", token, "{\"runId\":\"aot-training\",\"runTimeSeconds\":1,\"currentUsers\":1}", -1);
            call(http, "POST", base + "/stop", token, "", 202);
            call(http, "GET", base + "/stats", token, null, 200);
            call(http, "POST", base + "/quit", token, "", 202);
        }
    }

    private static String call(HttpClient http, String method, String url, String token, String body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (expected > 0 && response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + " (expected "
                    + expected + "): " + response.body());
        }
        return response.body();
    }
}
