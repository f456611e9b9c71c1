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
 * requests: loading and linking the classes of the HTTP clients the loadfile's users use, the JDK client's selector
 * thread, new connections, request building, response parsing, cookies and statistics, and the JIT's compilation of
 * all of it. It sends requests through HttpUser's or FastHttpUser's sessions (only those of the {@link Transport}s
 * the run's user classes use) to a server of its own on the loopback interface, never to the target, with
 * statistics that are thrown away. A TLS context is initialised only when a run's host is https.
 *
 * <p>Enough exchanges go through each path for C2 to compile the per-request code, and a run's start waits for the
 * compile queue to drain ({@link CompilerQuiet}): on a runner with one core, compilations in the run's first seconds
 * took the CPU from the users whose requests were being timed and carried the whole run's p99. The work is bounded
 * by a count and a time budget per transport. {@link #startInBackground()} begins while the loadfile compiles (the
 * statistics' side, which every loadfile needs) and goes on with the transports once {@link #plan} names them; a
 * run's start then waits for it and warms the run's own JDK client with a few requests.
 */
public final class HttpWarmUp {

    /** {@code -Dloadtest.warmUp=false} turns it off (the benchmark's baseline). */
    static final String PROPERTY = "loadtest.warmUp";

    private static final Logger LOG = Logger.getLogger(HttpWarmUp.class.getName());
    /**
     * Rounds of FastHttpUser's path, shared by the warm-up users: past C2's thresholds for code run once per request
     * (about 5,000 invocations), with some to spare. A round is two exchanges.
     */
    private static final int ROUNDS = 4_000;
    /**
     * Rounds of the JDK client's path: an exchange through it costs several times FastHttpUser's (CPU, and C2's
     * compilations of its many small methods), so it is warmed to C1 everywhere and to C2 where it loops, not to C2
     * everywhere; its server closes a connection more often ({@link LoopbackServer#JDK_CLOSE_EVERY}).
     */
    private static final int JDK_ROUNDS = 500;
    /** Every this many rounds a warm-up user waits {@link #PAUSE}. */
    private static final int PAUSE_EVERY = 8;
    private static final java.time.Duration PAUSE = java.time.Duration.ofNanos(100_000);
    /** Warm-up users sending at once after the first round, as a run's users send their first requests at once. */
    private static final int USERS = 4;
    /** Once a transport is warm in this JVM, a few requests (two rounds per user) set up the run's own JDK client. */
    private static final int ROUNDS_AFTER_BACKGROUND = 1 + 2 * USERS;
    /**
     * Time per transport for rounds after the first, which loads the classes however long that takes: a quiet
     * machine finishes the rounds well within it, a busy one starts the run less warm rather than late.
     */
    private static final long BUDGET_NANOS = 3_000_000_000L;
    /** How long a run's start waits for its warm-up, and how long one warm-up request may take. */
    private static final java.time.Duration MAX_WAIT = java.time.Duration.ofSeconds(10);
    private static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(2);
    /** How long a run's start waits for the compilations its warm-up queued (a quiet machine needs a fraction). */
    private static final java.time.Duration MAX_COMPILER_WAIT = java.time.Duration.ofMillis(1500);
    /** How long the background warm-up waits for {@link #plan}: a loadfile's compilation, however slow. */
    private static final java.time.Duration MAX_PLAN_WAIT = java.time.Duration.ofMinutes(5);
    private static final String LOGIN_TEXT = "{\"username\":\"warm\",\"password\":\"up\"}";
    private static final byte[] LOGIN = LOGIN_TEXT.getBytes(StandardCharsets.UTF_8);

    /**
     * The HTTP paths a user class sends through: HttpUser's JDK client or FastHttpUser's own; a plain User's
     * (or a non-user class's) none.
     */
    public enum Transport {
        JDK, FAST;

        /** The transports {@code classes} (a loadfile's, or a run's user classes) send through. */
        public static Set<Transport> usedBy(Collection<? extends Class<?>> classes) {
            Set<Transport> used = java.util.EnumSet.noneOf(Transport.class);
            for (Class<?> c : classes) {
                if (FastHttpUser.class.isAssignableFrom(c)) {
                    used.add(FAST);
                } else if (HttpUser.class.isAssignableFrom(c)) {
                    used.add(JDK);
                }
            }
            return used;
        }
    }

    private static Thread background;
    /** What the background warm-up is to warm, once the loadfile is compiled; completed once per process. */
    private static final java.util.concurrent.CompletableFuture<Set<Transport>> PLAN =
            new java.util.concurrent.CompletableFuture<>();
    /** The transports warmed in this JVM: their code is loaded and compiled, later clients need only a few requests. */
    private static final Set<Transport> HOT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Set<HttpClient> warmed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Transport> hot;
    private boolean tlsReady;
    private volatile Set<Transport> lastAsked;

    /** The engine's: the transports warm in this JVM are warm for every run. */
    HttpWarmUp() {
        this(HOT);
    }

    /** With the set of transports already warm (a fresh one, in a test, to see what a warm-up does on its own). */
    HttpWarmUp(Set<Transport> hot) {
        this.hot = hot;
    }

    private static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
    }

    /**
     * Starts warming up on a thread of its own, so that it overlaps the loadfile's compilation; once per process.
     * It warms the statistics at once and the transports once {@link #plan} names them, the JDK client's on a client
     * of its own. A run's start waits for it.
     */
    public static synchronized void startInBackground() {
        if (background != null || !enabled()) {
            return;
        }
        background = Thread.ofPlatform().daemon().name("http-warm-up").start(() -> {
            try (WarmUpStats stats = new WarmUpStats()) {
                stats.collectAndRender(); // the statistics' classes: every loadfile's run needs them
            }
            Set<Transport> plan;
            try {
                plan = PLAN.get(MAX_PLAN_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return;
            }
            if (plan.isEmpty()) {
                return;
            }
            long began = System.nanoTime();
            try (HttpClient own = plan.contains(Transport.JDK)
                    ? HttpClients.build(dev.loadtest.api.HttpVersion.HTTP_1_1, false) : null) {
                Map<Transport, Integer> sent = exercise(own, plan, ROUNDS, HOT);
                LOG.info(() -> String.format("Warmed up the HTTP clients for %s in the background: %s requests to an "
                        + "in-process loopback server in %.0f ms", plan, sent, (System.nanoTime() - began) / 1e6));
            }
        });
    }

    /**
     * Names the transports the background warm-up is to warm: those of the compiled loadfile's user classes (an
     * empty set when it failed to compile). Only the first call counts.
     */
    public static void plan(Set<Transport> transports) {
        PLAN.complete(Set.copyOf(transports));
    }

    private static synchronized Thread background() {
        return background;
    }

    /**
     * Warms the paths of {@code transports} (those of the run's user classes) unless done before, the JDK one on
     * {@code client}; initialises TLS if any of {@code hosts} is https. Failures are logged, never thrown: a run must
     * not fail because its warm-up did. Returns how many requests it sent to its own loopback server, per
     * transport whose path it exercised.
     */
    synchronized Map<Transport, Integer> warm(HttpClient client, Set<Transport> transports, Collection<String> hosts) {
        Map<Transport, Integer> none = Map.of();
        lastAsked = Set.copyOf(transports);
        if (!enabled() || transports.isEmpty()) {
            return none;
        }
        long began = System.nanoTime();
        long cpuBefore = processCpuNanos();
        plan(transports); // a background warm-up nobody planned (an engine without Loadfiles) warms the run's
        Thread early = background();
        if (early != null) {
            try {
                early.join(MAX_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return none;
            }
        }
        if (!tlsReady && hosts.stream().anyMatch(h -> h != null && h.toLowerCase(Locale.ROOT).startsWith("https:"))) {
            initialiseTls(client);
            tlsReady = true;
        }
        Set<Transport> cold = java.util.EnumSet.copyOf(transports);
        cold.removeAll(hot);
        // the run's own JDK client needs a few requests of its own (its selector thread, its pool) even when hot
        boolean newClient = transports.contains(Transport.JDK) && !warmed.contains(client);
        if (transports.contains(Transport.JDK)) {
            warmed.add(client);
        }
        Map<Transport, Integer> sent = new java.util.concurrent.ConcurrentHashMap<>();
        if (!cold.isEmpty() || newClient) {
            Set<Transport> paths = cold.isEmpty() ? Set.of(Transport.JDK) : cold;
            int rounds = cold.isEmpty() ? ROUNDS_AFTER_BACKGROUND : ROUNDS;
            // on a thread of its own, waited for with a bound: whatever happens to it, a run starts
            Thread worker = Thread.ofPlatform().daemon().name("http-warm-up-run")
                    .start(() -> sent.putAll(exercise(client, paths, rounds, hot)));
            try {
                if (!worker.join(MAX_WAIT)) {
                    LOG.warning("warm-up of the HTTP clients did not finish within " + MAX_WAIT.toSeconds()
                            + " s; the run starts without waiting for it");
                    return none;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return none;
            }
        }
        // the warm-up's garbage and the metaspace its classes filled would otherwise start a collection in the run's
        // first second (seen: a "Metadata GC Threshold" young pause and a concurrent mark as ten users logged in);
        // a full collection now also raises the metaspace threshold past what the run's start still loads
        long collecting = System.nanoTime();
        System.gc();
        long collected = (System.nanoTime() - collecting) / 1_000_000;
        // also after a background warm-up that did it all: what it queued may still be compiling
        long compiling = CompilerQuiet.await(MAX_COMPILER_WAIT);
        long cpu = processCpuNanos() - cpuBefore;
        LOG.info(() -> String.format("Warmed up the HTTP clients for %s before the run's clock: %s requests to an "
                + "in-process loopback server, %.0f ms (of which %d ms collecting the garbage and %d ms waiting for the "
                + "JIT compilers), %.0f ms CPU", transports, sent, (System.nanoTime() - began) / 1e6, collected,
                compiling, cpu / 1e6));
        return Map.copyOf(sent);
    }

    /** The transports the last {@link #warm} was asked to warm; null before the first. */
    Set<Transport> lastAsked() {
        return lastAsked;
    }

    /** The process's CPU time so far, JIT compiler threads included; -1 where the JVM does not say. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * Up to {@code rounds} rounds of requests through the sessions of {@code transports} ({@code client} for the
     * JDK's), one transport after the other, by {@link #USERS} warm-up users at once on virtual threads, as a run's
     * users send theirs: the park and unpark of a virtual thread waiting for a response, new connections (the
     * loopback server closes one in {@link LoopbackServer#CLOSE_EVERY}, or {@link LoopbackServer#JDK_CLOSE_EVERY})
     * and the pool's locks are then paths the
     * run's first requests find loaded and compiled. Every other round runs as an open-model iteration, for the
     * corrected twin. Adds the transports to {@code hot}; returns how many requests were sent through each.
     */
    private static Map<Transport, Integer> exercise(HttpClient client, Set<Transport> transports, int rounds,
                                                    Set<Transport> hot) {
        Map<Transport, Integer> sent = new java.util.EnumMap<>(Transport.class);
        for (Transport t : Transport.values()) {
            if (transports.contains(t)) {
                sent.put(t, exercise(client, t, t == Transport.JDK ? Math.min(rounds, JDK_ROUNDS) : rounds));
                hot.add(t);
            }
        }
        return sent;
    }

    private static int exercise(HttpClient client, Transport transport, int rounds) {
        long began = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        int closeEvery = transport == Transport.JDK ? LoopbackServer.JDK_CLOSE_EVERY : LoopbackServer.CLOSE_EVERY;
        try (LoopbackServer server = LoopbackServer.start(closeEvery); WarmUpStats stats = new WarmUpStats()) {
            RunContext context = new RunContext("warm-up", server.url(), new Options(Map.of()), client, stats.stats());
            // the first round loads the classes, once for everybody; the others share the time budget
            sent.addAndGet(exerciseUser(context, transport, 1, 0));
            if (server.served() == 0) {
                LOG.warning("warm-up: the loopback server answered none of its requests; the run goes on");
                return sent.get();
            }
            long deadline = System.nanoTime() + BUDGET_NANOS;
            List<Thread> users = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                users.add(Thread.ofVirtual().name("warm-up-user").start(
                        () -> sent.addAndGet(exerciseUser(context, transport, (rounds - 1) / USERS, deadline))));
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
        LOG.fine(() -> String.format("warm-up exercise of %s: %d requests in %.0f ms", transport, requests,
                (System.nanoTime() - began) / 1e6));
        return requests;
    }

    /**
     * One warm-up user of {@code transport}: {@code rounds} rounds, or fewer once {@code deadline} (nanoTime; 0 for
     * none) has passed.
     */
    private static int exerciseUser(RunContext context, Transport transport, int rounds, long deadline) {
        WarmUpUser user = transport == Transport.FAST ? new FastUser() : new JdkUser();
        Internal.attach((HttpUser) user, context);
        int sent = 0;
        try {
            for (int i = 0; i < rounds && (deadline == 0 || System.nanoTime() < deadline); i++) {
                if (i % 2 == 1) {
                    IntendedStart.begin(0); // as an open-model iteration: the corrected row and its meters
                }
                try {
                    sent += user.exchange(i);
                } finally {
                    IntendedStart.end();
                }
                if (i % PAUSE_EVERY == PAUSE_EVERY - 1) {
                    // a timed park, as a user's wait time is: the virtual threads' delay scheduler gets compiled too
                    Thread.sleep(PAUSE);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Internal.detach((HttpUser) user);
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

    private interface WarmUpUser {
        int exchange(int round);
    }

    private static final class JdkUser extends HttpUser implements WarmUpUser {
        @Override
        public int exchange(int round) {
            return HttpWarmUp.exchange(client, round);
        }
    }

    private static final class FastUser extends FastHttpUser implements WarmUpUser {
        @Override
        public int exchange(int round) {
            return HttpWarmUp.exchange(client, round);
        }
    }

    /**
     * A minimal HTTP/1.1 keep-alive server on 127.0.0.1 and an ephemeral port: reads each request's head and
     * its Content-Length body, answers 200 with a small JSON body (first with a cookie, see {@link #HEADS}), and closes a connection after its
     * {@link #CLOSE_EVERY}th answer by default (saying so) so that the clients open new ones as a run's users do. Just enough
     * for the clients' paths; it is nobody's target.
     */
    static final class LoopbackServer implements AutoCloseable {

        /**
         * Answers per connection: a run's users each open one, so the warm-up opens some too, enough (a few hundred)
         * for the JIT to compile the paths that open and register one.
         */
        static final int CLOSE_EVERY = 8;
        /** The JDK client's: it sends fewer warm-up requests, and its connect path is longer. */
        static final int JDK_CLOSE_EVERY = 4;
        /**
         * The answers, in turn on each connection: a login's (a cookie), a web server's usual headers, a chunked body.
         * Responses shaped like a run's make the compiled code the run's: a branch the warm-up never took would be
         * compiled out and cost a deoptimisation and a recompilation in the run's first seconds.
         */
        private static final String[] HEADS = {
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nSet-Cookie: session=warm; Path=/\r\n"
                    + "Content-Length: 14\r\n",
            "HTTP/1.1 200 OK\r\nServer: warm-up\r\nDate: Tue, 01 Dec 2026 00:00:00 GMT\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 14\r\nLast-Modified: Tue, 01 Dec 2026 "
                    + "00:00:00 GMT\r\nETag: \"6f-1e\"\r\nAccept-Ranges: bytes\r\n",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
        };
        private static final String BODY = "{\"token\":\"ok\"}";
        private static final byte[][] RESPONSES = responses("Connection: keep-alive\r\n");
        private static final byte[][] LAST_RESPONSES = responses("Connection: close\r\n");

        private static byte[][] responses(String connection) {
            byte[][] all = new byte[HEADS.length][];
            for (int i = 0; i < HEADS.length; i++) {
                String body = HEADS[i].contains("chunked")
                        ? "\r\n" + Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n"
                        : "\r\n" + BODY;
                all[i] = (HEADS[i] + connection + body).getBytes(StandardCharsets.US_ASCII);
            }
            return all;
        }

        private final ServerSocket socket;
        private final Set<Socket> open = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        private volatile int served;

        private final int closeEvery;

        private LoopbackServer(ServerSocket socket, int closeEvery) {
            this.socket = socket;
            this.closeEvery = closeEvery;
        }

        static LoopbackServer start() throws IOException {
            return start(CLOSE_EVERY);
        }

        static LoopbackServer start(int closeEvery) throws IOException {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LoopbackServer server = new LoopbackServer(s, closeEvery);
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
                for (int answered = 1; ; answered++) {
                    int length = readHead(in, buffer);
                    if (length < 0) {
                        return;
                    }
                    in.skipNBytes(contentLength(buffer, length));
                    synchronized (this) {
                        served++;
                    }
                    boolean last = answered == closeEvery;
                    int kind = (answered - 1) % HEADS.length;
                    out.write(last ? LAST_RESPONSES[kind] : RESPONSES[kind]);
                    out.flush();
                    if (last) {
                        return;
                    }
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
