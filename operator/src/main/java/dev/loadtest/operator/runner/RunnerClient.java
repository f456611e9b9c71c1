package dev.loadtest.operator.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.stats.StatsSnapshot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The runner's control API (runner contract): {@code /readyz}, {@code /start}, {@code /stop}, {@code /quit},
 * {@code /stats}, with the run's bearer token. Asynchronous, so that one reconcile talks to all runners at once
 * and a slow runner costs one timeout, not one per runner.
 */
public class RunnerClient {

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Duration timeout;

    public RunnerClient(ObjectMapper mapper, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        this.mapper = mapper;
        this.timeout = timeout;
    }

    public CompletableFuture<RunnerInfo> readyz(String baseUrl) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/readyz")).GET(), RunnerInfo.class, 200);
    }

    /** {@code GET /stats} undecoded, so that the caller decides what a body that is not a snapshot means. */
    public CompletableFuture<byte[]> statsBody(String baseUrl, String token) {
        return send(authorised(baseUrl + "/stats", token).GET(), byte[].class, 200);
    }

    public StatsSnapshot decode(byte[] statsBody) {
        try {
            return mapper.readValue(statsBody, StatsSnapshot.class);
        } catch (IOException e) {
            throw new RunnerCallException("a /stats body is not a StatsSnapshot: " + e.getMessage());
        }
    }

    public CompletableFuture<RunnerInfo> start(String baseUrl, String token, StartCommand command) {
        try {
            byte[] body = mapper.writeValueAsBytes(command);
            return send(authorised(baseUrl + "/start", token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)), RunnerInfo.class, 202);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletableFuture<Void> stop(String baseUrl, String token) {
        return send(authorised(baseUrl + "/stop", token).POST(HttpRequest.BodyPublishers.noBody()), null, 202);
    }

    public CompletableFuture<Void> quit(String baseUrl, String token) {
        return send(authorised(baseUrl + "/quit", token).POST(HttpRequest.BodyPublishers.noBody()), null, 202);
    }

    private HttpRequest.Builder authorised(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
    }

    private <T> CompletableFuture<T> send(HttpRequest.Builder request, Class<T> type, int expected) {
        HttpRequest r = request.timeout(timeout).build();
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() != expected && response.statusCode() != 200) {
                throw new RunnerCallException(r.method() + " " + r.uri() + " answered " + response.statusCode()
                        + (response.statusCode() == 401 ? " (token rejected)" : ""));
            }
            if (type == null) {
                return null;
            }
            if (type == byte[].class) {
                return type.cast(response.body());
            }
            try {
                return mapper.readValue(response.body(), type);
            } catch (IOException e) {
                throw new RunnerCallException(r.method() + " " + r.uri() + " returned unreadable JSON: " + e.getMessage());
            }
        });
    }

    /** A runner answered, but not as the contract says. */
    public static class RunnerCallException extends RuntimeException {
        public RunnerCallException(String message) {
            super(message);
        }
    }
}
