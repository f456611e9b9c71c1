package dev.loadtest.runner.http;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link dev.loadtest.HttpUser}'s transport: the JDK's HttpClient, shared by every user of the run (it pools connections). */
public final class JdkHttpSession extends RunnerHttpSession {

    private final HttpClient http;

    public JdkHttpSession(SessionContext context) {
        super(context);
        this.http = context.httpClient();
    }

    /**
     * Sent with {@code send} on the user's own (virtual) thread, not {@code sendAsync}: the JDK completes a
     * {@code sendAsync} future through the common ForkJoinPool, so users started from that pool, or any load
     * on it, delayed every response and could run it into its timeout. The JDK's own request timeout stops at
     * the response headers; a body that trickles would run past it, so the body subscriber holds the same
     * deadline and aborts the exchange at it, as FastHttpUser's watchdog does.
     */
    @Override
    RawResponse exchange(String verb, URI uri, List<String> headers, byte[] body, Duration timeout, int maxBody)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        if (body != null) {
            b.method(verb, HttpRequest.BodyPublishers.ofByteArray(body));
        } else if (verb.equals("GET")) {
            b.GET(); // without "Content-Length: 0", which the JDK adds to a bodiless method(...) and requests does not
        } else if (verb.equals("HEAD")) {
            b.HEAD();
        } else {
            b.method(verb, HttpRequest.BodyPublishers.noBody());
        }
        for (int i = 0; i < headers.size(); i += 2) {
            String name = headers.get(i);
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")) {
                b.header(name, headers.get(i + 1)); // the length is always the body's own
            }
        }
        long sent = System.nanoTime();
        long deadline = sent + timeout.toNanos();
        long[] headersAt = {-1};
        HttpResponse<BoundedBody> r = http.send(b.build(), info -> {
            headersAt[0] = System.nanoTime();
            return new BoundedSubscriber(maxBody, deadline, timeout);
        });
        return new RawResponse(r.statusCode(), HeaderList.of(r.headers()), r.body().bytes(), r.body().total(),
                name(r.version()), headersAt[0] - sent);
    }

    /**
     * Collects a body into a {@link BoundedBody}: what is past the bound is consumed and counted, not kept. At
     * the exchange's deadline it cancels the body and fails the exchange with a timeout.
     */
    private static final class BoundedSubscriber implements HttpResponse.BodySubscriber<BoundedBody> {

        private final BoundedBody body;
        private final CompletableFuture<BoundedBody> result = new CompletableFuture<>();
        private final long deadline;
        private final Duration timeout;
        private volatile Flow.Subscription subscription;
        private volatile ScheduledFuture<?> expiry;

        BoundedSubscriber(int max, long deadline, Duration timeout) {
            this.body = new BoundedBody(max);
            this.deadline = deadline;
            this.timeout = timeout;
        }

        @Override
        public CompletionStage<BoundedBody> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            expiry = BODY_DEADLINES.schedule(this::expire, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            subscription.request(Long.MAX_VALUE);
        }

        private void expire() {
            if (result.completeExceptionally(new HttpTimeoutException(
                    "no complete response within " + timeout.toMillis() + " ms"))) {
                subscription.cancel();
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                body.write(b);
            }
        }

        @Override
        public void onError(Throwable failure) {
            settled();
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            settled();
            result.complete(body);
        }

        private void settled() {
            ScheduledFuture<?> e = expiry;
            if (e != null) {
                e.cancel(false);
            }
        }
    }

    /** One daemon thread for every JDK exchange's body deadline: a schedule and a cancel per request. */
    private static final ScheduledThreadPoolExecutor BODY_DEADLINES = bodyDeadlines();

    private static ScheduledThreadPoolExecutor bodyDeadlines() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("http-body-deadlines").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static String name(HttpClient.Version version) {
        return version == HttpClient.Version.HTTP_2 ? "HTTP/2" : RawResponse.HTTP_1_1;
    }
}
