package dev.loadtest.operator.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.ShapeAnswer;
import dev.loadtest.api.control.ShapeQuery;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.control.StartRefusal;
import dev.loadtest.api.stats.StatsBinary;
import dev.loadtest.api.stats.StatsSnapshot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The runner's control API (runner contract): {@code /readyz}, {@code /start}, {@code /stop}, {@code /quit},
 * {@code /stats}, with the run's bearer token. Asynchronous, so that one reconcile talks to all runners at once
 * and a slow runner costs one timeout, not one per runner.
 */
public class RunnerClient {

    /** The binary form first; JSON from a runner that predates it. */
    static final String STATS_ACCEPT = StatsBinary.MEDIA_TYPE + ", application/json;q=0.5";

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

    /**
     * {@code GET /stats} undecoded, so that the caller decides what a body that is not a snapshot means. Asks for the
     * binary form (control protocol 3); a runner before it answers JSON, and {@link #decode} reads either.
     */
    public CompletableFuture<byte[]> statsBody(String baseUrl, String token) {
        return statsBody(baseUrl, token, -1);
    }

    /** The same, asking for the deltas since the runner's snapshot {@code base} too (-1: none). */
    public CompletableFuture<byte[]> statsBody(String baseUrl, String token, long base) {
        String url = baseUrl + "/stats" + (base >= 0 ? "?base=" + base : "");
        return send(authorised(url, token).header("Accept", STATS_ACCEPT).GET(), byte[].class, 200);
    }

    /**
     * {@code GET /stats}, decoded as soon as the body arrives (on the HTTP client's threads), so that a poll of many
     * runners decodes the early replies while it waits for the late ones. Never fails: the reply is the snapshot, or
     * why there is none.
     */
    public CompletableFuture<StatsReply> stats(String baseUrl, String token, long base) {
        return stats(baseUrl, token, base, reply -> { });
    }

    /**
     * The same, handing each decoded reply to {@code onDecoded} on the thread that decoded it (the run's
     * {@code RunningMerge} looks up where its rows go while they are still in that core's cache).
     */
    public CompletableFuture<StatsReply> stats(String baseUrl, String token, long base,
                                               Consumer<StatsBinary.Reply> onDecoded) {
        return statsBody(baseUrl, token, base).handle((body, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() == null ? error : error.getCause();
                return new StatsReply(null, null, cause.toString());
            }
            try {
                StatsBinary.Reply reply = decodeReply(body);
                onDecoded.accept(reply);
                return new StatsReply(reply, null, null);
            } catch (RunnerCallException e) {
                return new StatsReply(null, e.getMessage(), null);
            }
        });
    }

    /**
     * What came of one {@code GET /stats}: exactly one of {@code snapshot}, {@code unreadable} (the runner answered,
     * but not with a snapshot: why) or {@code unreachable} (it could not be asked: why).
     */
    public record StatsReply(StatsBinary.Reply reply, String unreadable, String unreachable) {
        public StatsSnapshot snapshot() {
            return reply == null ? null : reply.snapshot();
        }
    }

    /** A {@code /stats} body in either form: binary (control protocol 3) or JSON, told apart by its first bytes. */
    public StatsSnapshot decode(byte[] statsBody) {
        return decodeReply(statsBody).snapshot();
    }

    /** The same, with the reply's number and deltas when it is binary. */
    public StatsBinary.Reply decodeReply(byte[] statsBody) {
        try {
            return StatsBinary.isBinary(statsBody) ? StatsBinary.decodeReply(statsBody)
                    : StatsBinary.Reply.of(mapper.readValue(statsBody, StatsSnapshot.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new RunnerCallException("a /stats body is not a StatsSnapshot: " + e.getMessage());
        }
    }

    /**
     * {@code POST /start}. Never fails: the reply says whether the runner took it, refused it (with its reason), or
     * could not be asked (not listening yet, timeout), which the caller may retry.
     */
    public CompletableFuture<StartReply> start(String baseUrl, String token, StartCommand command) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(command);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest r = authorised(baseUrl + "/start", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(timeout).build();
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() == null ? error : error.getCause();
                return StartReply.unreachable("POST " + r.uri() + " failed: " + cause);
            }
            int code = response.statusCode();
            if (code == 200 || code == 202) {
                try {
                    return StartReply.accepted(mapper.readValue(response.body(), RunnerInfo.class));
                } catch (IOException e) {
                    return StartReply.unreachable("POST " + r.uri() + " returned unreadable JSON: " + e.getMessage());
                }
            }
            if (code == 401) {
                return StartReply.refused(StartRefusal.permanent("TokenRejected", null, "Runner at " + baseUrl
                        + " rejected the run's token: it belongs to another run."));
            }
            try {
                StartRefusal refusal = mapper.readValue(response.body(), StartRefusal.class);
                if (refusal.reason() != null && refusal.message() != null) {
                    return StartReply.refused(refusal);
                }
            } catch (IOException e) {
                // a runner that predates structured refusals answers plain text
            }
            String text = new String(response.body(), StandardCharsets.UTF_8).strip();
            // 4xx but 409 (busy) will not change on a retry; 5xx and 409 might
            boolean retryable = code == 409 || code >= 500;
            return StartReply.refused(new StartRefusal("StartRejected", null, "POST /start answered " + code + ": "
                    + text, retryable));
        });
    }

    /**
     * What came of one {@code POST /start}: exactly one of {@code accepted} (the runner's state after it),
     * {@code refusal} (the runner's reason), or {@code unreachable} (why it could not be asked).
     */
    public record StartReply(RunnerInfo accepted, StartRefusal refusal, String unreachable) {
        static StartReply accepted(RunnerInfo info) {
            return new StartReply(info, null, null);
        }

        static StartReply refused(StartRefusal refusal) {
            return new StartReply(null, refusal, null);
        }

        static StartReply unreachable(String why) {
            return new StartReply(null, null, why);
        }

        /**
         * Taken, or taken before: a runner that answers "this run already ran to its end here" (the start goes by run
         * id) took an earlier try of this very start whose answer came too late (a slow runner under load), then ran
         * it; its figures are in its cumulative statistics. Failing the run for it would throw away a run that ran.
         */
        public boolean isAccepted() {
            return refusal == null && unreachable == null || tookItBefore();
        }

        /** A refusal retrying cannot fix. */
        public boolean isFinal() {
            return refusal != null && !refusal.retryable() && !tookItBefore();
        }

        private boolean tookItBefore() {
            return refusal != null && StartRefusal.Reasons.RUN_FINISHED.equals(refusal.reason());
        }

        /** For status messages: why this runner has not started yet. */
        public String why() {
            return refusal != null ? refusal.message() : unreachable;
        }
    }

    /**
     * {@code POST /shape} (control protocol 2): the loadfile's LoadShape at the run time and users of {@code query}.
     * Never fails: the reply carries the answer, or why there is none.
     */
    public CompletableFuture<ShapeReply> shape(String baseUrl, String token, ShapeQuery query) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(query);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest r = authorised(baseUrl + "/shape", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(timeout).build();
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() == null ? error : error.getCause();
                return new ShapeReply(null, null, "POST " + r.uri() + " failed: " + cause);
            }
            String text = new String(response.body(), StandardCharsets.UTF_8).strip();
            if (response.statusCode() == 200) {
                try {
                    return new ShapeReply(mapper.readValue(response.body(), ShapeAnswer.class), null, null);
                } catch (IOException e) {
                    return new ShapeReply(null, null, "POST " + r.uri() + " returned unreadable JSON: " + e.getMessage());
                }
            }
            if (response.statusCode() == 422) {
                return new ShapeReply(null, text, null);
            }
            return new ShapeReply(null, null, "POST " + r.uri() + " answered " + response.statusCode() + ": " + text);
        });
    }

    /**
     * What came of one {@code POST /shape}: exactly one of {@code answer}, {@code failure} (the shape's
     * {@code tick()} threw: the message) or {@code unreachable} (the runner could not be asked; try again).
     */
    public record ShapeReply(ShapeAnswer answer, String failure, String unreachable) {
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
