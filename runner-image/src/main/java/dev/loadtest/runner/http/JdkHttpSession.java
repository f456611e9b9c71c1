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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link dev.loadtest.HttpUser}'s transport: the JDK's HttpClient, shared by every user of the run (it pools connections). */
public final class JdkHttpSession extends RunnerHttpSession {

    private final HttpClient http;

    public JdkHttpSession(SessionContext context) {
        super(context);
        this.http = context.httpClient();
    }

    /**
     * The JDK's own request timeout stops at the response headers; a body that trickles would run past it.
     * Waiting on the whole exchange with the timeout bounds the body too, as FastHttpUser does, and
     * cancelling the future aborts the exchange.
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
        long[] headersAt = {-1};
        CompletableFuture<HttpResponse<BoundedBody>> future = http.sendAsync(b.build(), info -> {
            headersAt[0] = System.nanoTime();
            return new BoundedSubscriber(maxBody);
        });
        HttpResponse<BoundedBody> r;
        try {
            r = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete response within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
        return new RawResponse(r.statusCode(), HeaderList.of(r.headers()), r.body().bytes(), r.body().total(),
                name(r.version()), headersAt[0] - sent);
    }

    /** Collects a body into a {@link BoundedBody}: what is past the bound is consumed and counted, not kept. */
    private static final class BoundedSubscriber implements HttpResponse.BodySubscriber<BoundedBody> {

        private final BoundedBody body;
        private final CompletableFuture<BoundedBody> result = new CompletableFuture<>();

        BoundedSubscriber(int max) {
            this.body = new BoundedBody(max);
        }

        @Override
        public CompletionStage<BoundedBody> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                body.write(b);
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(body);
        }
    }

    private static String name(HttpClient.Version version) {
        return version == HttpClient.Version.HTTP_2 ? "HTTP/2" : RawResponse.HTTP_1_1;
    }
}
