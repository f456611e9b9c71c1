package dev.loadtest.runner.engine;

import dev.loadtest.FastHttpUser;
import dev.loadtest.HttpUser;
import dev.loadtest.Internal;
import dev.loadtest.Options;
import dev.loadtest.RequestOptions;
import dev.loadtest.runner.stats.IntendedStart;

import javax.net.ssl.SSLContext;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Pays, before a run's clock starts, what the engine would otherwise charge to the target in the run's first
 * requests: loading and linking the classes of both HTTP clients, the JDK client's selector thread and first
 * connection, request building, response parsing, cookies and statistics. It sends requests through HttpUser's
 * and FastHttpUser's sessions to a server of its own on the loopback interface, never to the target, with
 * statistics that are thrown away. A TLS context is initialised only when a run's host is https.
 *
 * <p>Loading the classes is most of the cost (a quarter of a second on a quiet machine, seconds on a busy one), so
 * {@link #startInBackground()} does it while the loadfile compiles, on a client of its own; a run's start then
 * waits for it if it is still going and warms the run's own client with a few requests.
 */
public final class HttpWarmUp {

    /** {@code -Dloadtest.warmUp=false} turns it off (the benchmark's baseline). */
    static final String PROPERTY = "loadtest.warmUp";

    private static final Logger LOG = Logger.getLogger(HttpWarmUp.class.getName());
    /** Enough for the paths to be linked and compiled by C1; the time bound keeps a slow machine's start short. */
    private static final int ROUNDS = 200;
    /** Warm-up users sending at once after the first round, as a run's users send their first requests at once. */
    private static final int USERS = 4;
    /** Once the classes are loaded, a few requests set up the run's own client (its selector, its pool). */
    private static final int ROUNDS_AFTER_BACKGROUND = 3;
    /** Time for rounds after the first, which loads the classes however long that takes. */
    private static final long BUDGET_NANOS = 300_000_000L;
    /** How long a run's start waits for its warm-up, and how long one warm-up request may take. */
    private static final java.time.Duration MAX_WAIT = java.time.Duration.ofSeconds(10);
    private static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(2);
    /** How long a run's start waits for the compilations its warm-up queued (a quiet machine needs a fraction). */
    private static final java.time.Duration MAX_COMPILER_WAIT = java.time.Duration.ofMillis(500);
    private static final String LOGIN_TEXT = "{\"username\":\"warm\",\"password\":\"up\"}";
    private static final byte[] LOGIN = LOGIN_TEXT.getBytes(StandardCharsets.UTF_8);

    private static Thread background;
    /** Set once a warm-up has run in this JVM: the classes are loaded, later clients need only a few requests. */
    private static volatile boolean classesLoaded;

    private final Set<HttpClient> warmed = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean tlsReady;

    private static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
    }

    /**
     * Starts warming up on a thread of its own, on a client of its own, so that it overlaps the loadfile's
     * compilation; once per process. A run's start waits for it.
     */
    public static synchronized void startInBackground() {
        if (background != null || !enabled()) {
            return;
        }
        background = Thread.ofPlatform().daemon().name("http-warm-up").start(() -> {
            try (HttpClient own = HttpClients.build(dev.loadtest.api.HttpVersion.HTTP_1_1, false)) {
                exercise(own, ROUNDS);
                classesLoaded = true;
            }
        });
    }

    private static synchronized Thread background() {
        return background;
    }

    /**
     * Warms {@code client}'s paths (and FastHttpUser's) unless done before; initialises TLS if any of
     * {@code hosts} is https. Failures are logged, never thrown: a run must not fail because its warm-up did.
     * Returns how many requests it sent to its own loopback server.
     */
    synchronized int warm(HttpClient client, Collection<String> hosts) {
        if (!enabled()) {
            return 0;
        }
        long began = System.nanoTime();
        Thread early = background();
        if (early != null) {
            try {
                early.join(MAX_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        if (!tlsReady && hosts.stream().anyMatch(h -> h != null && h.toLowerCase(Locale.ROOT).startsWith("https:"))) {
            initialiseTls(client);
            tlsReady = true;
        }
        if (!warmed.add(client)) {
            return 0;
        }
        int rounds = early != null || classesLoaded ? ROUNDS_AFTER_BACKGROUND : ROUNDS;
        // on a thread of its own, waited for with a bound: whatever happens to it, a run starts
        int[] result = new int[1];
        Thread worker = Thread.ofPlatform().daemon().name("http-warm-up-run")
                .start(() -> result[0] = exercise(client, rounds));
        try {
            if (!worker.join(MAX_WAIT)) {
                LOG.warning("warm-up of the HTTP clients did not finish within " + MAX_WAIT.toSeconds()
                        + " s; the run starts without waiting for it");
                return 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        classesLoaded = true;
        int sent = result[0];
        long compiling = CompilerQuiet.await(MAX_COMPILER_WAIT);
        LOG.info(() -> String.format("Warmed up the HTTP clients before the run's clock: %d requests to an in-process "
                + "loopback server, %.0f ms (of which %d ms waiting for the JIT compilers)", sent,
                (System.nanoTime() - began) / 1e6, compiling));
        return sent;
    }

    /**
     * Up to {@code rounds} rounds of requests through both sessions on {@code client}, by {@link #USERS} warm-up
     * users at once on virtual threads, as a run's users send theirs: the park and unpark of a virtual thread waiting
     * for a response, several connections opened at once and the pool's locks are then paths the run's first
     * requests find loaded and compiled. Every other round runs as an open-model iteration, for the corrected twin.
     * Returns how many requests were sent.
     */
    private static int exercise(HttpClient client, int rounds) {
        long began = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        try (LoopbackServer server = LoopbackServer.start(); WarmUpStats stats = new WarmUpStats()) {
            RunContext context = new RunContext("warm-up", server.url(), new Options(Map.of()), client, stats.stats());
            // the first round loads the classes, once for everybody; the others share the time budget
            sent.addAndGet(exerciseUser(context, 1, 0));
            if (server.served() == 0) {
                LOG.warning("warm-up: the loopback server answered none of its requests; the run goes on");
                return sent.get();
            }
            long deadline = System.nanoTime() + BUDGET_NANOS;
            List<Thread> users = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                users.add(Thread.ofVirtual().name("warm-up-user").start(
                        () -> sent.addAndGet(exerciseUser(context, rounds - 1, deadline))));
            }
            long joinBy = System.nanoTime() + MAX_WAIT.toNanos();
            for (Thread user : users) {
                user.join(java.time.Duration.ofNanos(Math.max(1, joinBy - System.nanoTime())));
            }
            stats.collectAndRender();
            if (server.served() != sent.get()) { // the sessions report failures as responses: say so, the run goes on
                LOG.fine("warm-up: the loopback server served " + server.served() + " of " + sent + " requests");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning("warm-up of the HTTP clients failed (the run goes on, its first requests may be slower): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int requests = sent.get();
        LOG.fine(() -> String.format("warm-up exercise: %d requests in %.0f ms", requests, (System.nanoTime() - began) / 1e6));
        return requests;
    }

    /** One warm-up user: {@code rounds} rounds, or fewer once {@code deadline} (nanoTime; 0 for none) has passed. */
    private static int exerciseUser(RunContext context, int rounds, long deadline) {
        JdkUser jdk = new JdkUser();
        FastUser fast = new FastUser();
        Internal.attach(jdk, context);
        Internal.attach(fast, context);
        int sent = 0;
        try {
            for (int i = 0; i < rounds && (deadline == 0 || System.nanoTime() < deadline); i++) {
                if (i % 2 == 1) {
                    IntendedStart.begin(0); // as an open-model iteration: the corrected row and its meters
                }
                try {
                    sent += jdk.exchange(i) + fast.exchange(i);
                } finally {
                    IntendedStart.end();
                }
            }
        } finally {
            Internal.detach(jdk);
            Internal.detach(fast);
        }
        return sent;
    }

    /** The default TLS context (trust store) and the client's own, with a handshake engine created from each. */
    private static void initialiseTls(HttpClient client) {
        try {
            SSLContext.getDefault().getSocketFactory();
            client.sslContext().createSSLEngine();
        } catch (java.security.NoSuchAlgorithmException | RuntimeException e) {
            LOG.warning("warm-up could not initialise TLS: " + e);
        }
    }

    /** The requests a typical first task sends: a JSON login that sets a cookie, then a GET with a query. */
    private static int exchange(dev.loadtest.HttpSession client, int round) {
        RequestOptions login = round % 2 == 0 ? RequestOptions.with().body(LOGIN_TEXT) : RequestOptions.with().body(LOGIN);
        client.post("/login", login.header("Content-Type", "application/json").name("warm-up login")
                .timeout(REQUEST_TIMEOUT));
        client.get("/items?page=" + round, RequestOptions.with().name("warm-up items").timeout(REQUEST_TIMEOUT));
        return 2;
    }

    private static final class JdkUser extends HttpUser {
        int exchange(int round) {
            return HttpWarmUp.exchange(client, round);
        }
    }

    private static final class FastUser extends FastHttpUser {
        int exchange(int round) {
            return HttpWarmUp.exchange(client, round);
        }
    }

    /**
     * A minimal HTTP/1.1 keep-alive server on 127.0.0.1 and an ephemeral port: reads each request's head and
     * its Content-Length body, answers 200 with a small JSON body and a cookie. Just enough for the clients'
     * paths; it is nobody's target.
     */
    static final class LoopbackServer implements AutoCloseable {

        private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Set-Cookie: session=warm; Path=/\r\nContent-Length: 14\r\n\r\n{\"token\":\"ok\"}")
                .getBytes(StandardCharsets.US_ASCII);

        private final ServerSocket socket;
        private final Set<Socket> open = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        private volatile int served;

        private LoopbackServer(ServerSocket socket) {
            this.socket = socket;
        }

        static LoopbackServer start() throws IOException {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LoopbackServer server = new LoopbackServer(s);
            Thread.ofVirtual().name("warm-up-server").start(server::accept);
            return server;
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        int served() {
            return served;
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket c = socket.accept();
                    open.add(c);
                    Thread.ofVirtual().name("warm-up-connection").start(() -> serve(c));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void serve(Socket c) {
            try (c; InputStream in = new BufferedInputStream(c.getInputStream()); OutputStream out = c.getOutputStream()) {
                byte[] buffer = new byte[8192];
                while (true) {
                    int length = readHead(in, buffer);
                    if (length < 0) {
                        return;
                    }
                    in.skipNBytes(contentLength(buffer, length));
                    synchronized (this) {
                        served++;
                    }
                    out.write(RESPONSE);
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                open.remove(c);
            }
        }

        /** Reads up to the blank line; returns the head's length, or -1 at the end of the stream. */
        private static int readHead(InputStream in, byte[] buffer) throws IOException {
            int n = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return -1;
                }
                if (n == buffer.length) {
                    throw new IOException("request head over " + buffer.length + " bytes");
                }
                buffer[n++] = (byte) b;
                if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r'
                        && buffer[n - 1] == '\n') {
                    return n;
                }
            }
        }

        private static long contentLength(byte[] head, int length) {
            String text = new String(head, 0, length, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            int at = text.indexOf("\r\ncontent-length:");
            if (at < 0) {
                return 0;
            }
            int end = text.indexOf('\r', at + 2);
            return Long.parseLong(text.substring(at + "\r\ncontent-length:".length(), end).trim());
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
            synchronized (open) {
                for (Socket c : open) {
                    try {
                        c.close();
                    } catch (IOException e) {
                        // already closed
                    }
                }
            }
        }
    }
}
