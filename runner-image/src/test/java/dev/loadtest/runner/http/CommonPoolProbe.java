package dev.loadtest.runner.http;

import com.sun.net.httpserver.HttpServer;
import dev.loadtest.Response;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

import static dev.loadtest.RequestOptions.with;

/**
 * Run in a JVM of its own by {@link JdkSessionCommonPoolTest}: keeps every worker of the common ForkJoinPool
 * busy for {@link #BUSY_MILLIS} ms, meanwhile sends one request through HttpUser's transport from a virtual
 * thread, as a user sends it, and prints {@code status elapsedMs error}.
 */
public final class CommonPoolProbe {

    static final long BUSY_MILLIS = 4000;
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ok", ex -> {
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .executor(Runnable::run).build(); // as the engine builds it (HttpClients)
        // a first request warms the client up before the pool is busy
        new JdkHttpSession(new RecordingContext(base, client, new ArrayList<>())).get("/ok");

        int workers = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch busy = new CountDownLatch(workers);
        long until = System.nanoTime() + BUSY_MILLIS * 1_000_000;
        for (int i = 0; i < workers; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                busy.countDown();
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // CPU-bound work of someone else's: the pool has no worker to spare
                }
            });
        }
        busy.await();
        Response[] response = new Response[1];
        Thread user = Thread.ofVirtual().start(() -> response[0] = new JdkHttpSession(
                new RecordingContext(base, client, new ArrayList<>())).get("/ok", with().timeout(TIMEOUT)));
        user.join();
        System.out.println(response[0].status() + " " + Math.round(response[0].elapsedMs()) + " " + response[0].error());
        server.stop(0);
        System.exit(0);
    }
}
