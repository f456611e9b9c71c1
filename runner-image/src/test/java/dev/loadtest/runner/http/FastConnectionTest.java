package dev.loadtest.runner.http;

import dev.loadtest.HttpSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lean HTTP/1.1 client against a raw socket server that answers exactly as each test scripts it. */
class FastConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BODY = HttpSession.DEFAULT_MAX_BODY_BYTES;

    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    /** Serves each request with {@code answer(requestLine)}; closes the connection after {@code perConnection}. */
    private URI serve(Function<String, String> answer, int perConnection) throws IOException {
        server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> handle(s, answer, perConnection));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    private void handle(Socket s, Function<String, String> answer, int perConnection) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            for (int served = 0; served < perConnection; served++) {
                String requestLine = in.readLine();
                if (requestLine == null) {
                    return;
                }
                int length = 0;
                StringBuilder head = new StringBuilder(requestLine);
                for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                    head.append('\n').append(h);
                    if (h.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                }
                char[] body = new char[length];
                int read = 0;
                while (read < length) {
                    read += in.read(body, read, length - read);
                }
                requests.add(head + "\n\n" + new String(body));
                out.write(answer.apply(requestLine).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static FastConnection connect(URI uri) throws IOException {
        return FastConnection.open(uri, TIMEOUT);
    }

    @Test
    void keepsTheConnectionAliveAcrossRequests() throws Exception {
        URI uri = serve(r -> "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 100);
        FastConnection c = connect(uri);
        for (int i = 0; i < 3; i++) {
            RawResponse r = c.exchange("GET", uri.resolve("/x?i=" + i), List.of(), null, TIMEOUT, MAX_BODY);
            assertThat(r.status()).isEqualTo(200);
            assertThat(new String(r.body())).isEqualTo("hello");
        }
        assertThat(c.reusable()).isTrue();
        assertThat(connections.get()).isEqualTo(1);
        assertThat(requests.getFirst()).startsWith("GET /x?i=0 HTTP/1.1\nHost: 127.0.0.1:" + uri.getPort());
        c.close();
    }

    @Test
    void readsChunkedBodiesAndSendsRequestBodiesWithTheirLength() throws Exception {
        URI uri = serve(r -> "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nX-Id: 7\r\n\r\n"
                + "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nTrailer: t\r\n\r\n", 10);
        FastConnection c = connect(uri);
        RawResponse r = c.exchange("POST", uri.resolve("/items"), List.of("Content-Type", "text/plain",
                "Content-Length", "999"), "payload".getBytes(), TIMEOUT, MAX_BODY);
        assertThat(r.status()).isEqualTo(201);
        assertThat(new String(r.body())).isEqualTo("Wikipedia");
        assertThat(r.headers().first("x-id")).isEqualTo("7");
        assertThat(requests.getFirst()).contains("Content-Length: 7").doesNotContain("999").endsWith("\n\npayload");
        assertThat(c.reusable()).isTrue();
    }

    @Test
    void aBodyLargerThanTheBufferArrivesWhole() throws Exception {
        String big = "x".repeat(100_000);
        URI uri = serve(r -> "HTTP/1.1 200 OK\r\nContent-Length: " + big.length() + "\r\n\r\n" + big, 10);
        RawResponse r = connect(uri).exchange("GET", uri, List.of(), null, TIMEOUT, MAX_BODY);
        assertThat(r.body()).hasSize(100_000);
    }

    @Test
    void connectionCloseAndBodiesUntilEofEndReuse() throws Exception {
        URI uri = serve(r -> "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end", 1);
        FastConnection c = connect(uri);
        RawResponse r = c.exchange("GET", uri, List.of(), null, TIMEOUT, MAX_BODY);
        assertThat(new String(r.body())).isEqualTo("until the end");
        assertThat(c.reusable()).isFalse();
    }

    @Test
    void headAndNoContentResponsesHaveNoBody() throws Exception {
        URI uri = serve(r -> r.startsWith("HEAD") ? "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"
                : "HTTP/1.1 204 No Content\r\n\r\n", 10);
        FastConnection c = connect(uri);
        assertThat(c.exchange("HEAD", uri, List.of(), null, TIMEOUT, MAX_BODY).body()).isEmpty();
        assertThat(c.exchange("DELETE", uri, List.of(), null, TIMEOUT, MAX_BODY).status()).isEqualTo(204);
        assertThat(c.reusable()).isTrue();
    }

    @Test
    void interimContinueResponsesAreSkipped() throws Exception {
        URI uri = serve(r -> "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 10);
        assertThat(connect(uri).exchange("POST", uri, List.of(), "x".getBytes(), TIMEOUT, MAX_BODY).status()).isEqualTo(200);
    }

    @Test
    void aServerThatClosedAnIdleConnectionIsRetriedOnceOnAFreshOne() throws Exception {
        URI uri = serve(r -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 1); // closes after each answer
        FastHttpSession session = new FastHttpSession(null);
        assertThat(session.exchange("GET", uri, List.of(), null, TIMEOUT, MAX_BODY).status()).isEqualTo(200);
        Thread.sleep(100); // let the server's close arrive
        assertThat(session.exchange("GET", uri, List.of(), null, TIMEOUT, MAX_BODY).status()).isEqualTo(200);
        assertThat(connections.get()).isEqualTo(2);
        assertThat(requests).hasSize(2);
        session.close();
    }

    @Test
    void garbageIsAnErrorNotAHang() throws Exception {
        URI uri = serve(r -> "SSH-2.0-OpenSSH\r\n\r\n", 1);
        assertThatThrownBy(() -> connect(uri).exchange("GET", uri, List.of(), null, TIMEOUT, MAX_BODY))
                .isInstanceOf(IOException.class).hasMessageContaining("not an HTTP/1.x response");
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        URI uri = serve(r -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            return "";
        }, 1);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> connect(uri).exchange("GET", uri, List.of(), null, Duration.ofMillis(300), MAX_BODY))
                .isInstanceOf(java.net.SocketTimeoutException.class);
        assertThat((System.nanoTime() - t0) / 1e6).isLessThan(2000);
    }

    @Test
    void onlyHttpAndHttpsAreSpoken() {
        assertThatThrownBy(() -> FastConnection.open(URI.create("ftp://127.0.0.1/x"), TIMEOUT))
                .hasMessageContaining("http and https");
    }


    @Test
    void anHttp10ResponseWithoutKeepAliveEndsReuse() throws Exception {
        URI uri = serve(r -> "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 1);
        FastConnection c = connect(uri);
        assertThat(new String(c.exchange("GET", uri, List.of(), null, TIMEOUT, MAX_BODY).body())).isEqualTo("ok");
        assertThat(c.reusable()).isFalse();
    }

    @Test
    void headersLongerThanTheReadBufferAreReadWhole() throws Exception {
        String cookie = "c".repeat(20_000);
        URI uri = serve(r -> "HTTP/1.1 200 OK\r\nX-Big: " + cookie + "\r\nContent-Length: 2\r\n\r\nok", 10);
        FastConnection c = connect(uri);
        RawResponse r = c.exchange("GET", uri, List.of(), null, TIMEOUT, MAX_BODY);
        assertThat(r.headers().first("X-Big")).hasSize(20_000);
        assertThat(new String(r.body())).isEqualTo("ok");
        assertThat(c.exchange("GET", uri, List.of(), null, TIMEOUT, MAX_BODY).status()).isEqualTo(200);
    }

    @Test
    void headersAreLookedUpIgnoringCaseWithoutBlanksAndInOrderOfArrival() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40; i++) { // more than the scratch arrays hold at first
            many.append("X-N").append(i).append(": v").append(i).append("\r\n");
        }
        URI uri = serve(r -> "HTTP/1.1 200 OK\r\nset-COOKIE:  a=1 \t\r\nSet-Cookie: b=2\r\nCONTENT-length:\t3\r\n"
                + "Connection: Keep-Alive\r\nEmpty:\r\n" + many + "\r\nabc", 10);
        FastConnection c = connect(uri);
        RawResponse first = c.exchange("GET", uri, List.of(), null, TIMEOUT, MAX_BODY);
        RawResponse second = c.exchange("GET", uri, List.of(), null, TIMEOUT, MAX_BODY);
        for (RawResponse r : List.of(first, second)) {
            assertThat(new String(r.body())).isEqualTo("abc");
            assertThat(r.headers().first("Set-Cookie")).isEqualTo("a=1");
            assertThat(r.headers().contains("content-length")).isTrue();
            assertThat(r.headers().contains("Content-Len")).isFalse();
            assertThat(r.headers().first("empty")).isEmpty();
            assertThat(r.headers().first("x-n39")).isEqualTo("v39");
            assertThat(r.headers().http().allValues("set-cookie")).containsExactly("a=1", "b=2");
            assertThat(r.headers().http().map()).hasSize(44); // Set-Cookie twice, under one name
        }
        assertThat(c.reusable()).isTrue();
    }

    @Test
    void aContentLengthThatIsNotPlainDigitsIsStillReadOrRefused() throws Exception {
        URI uri = serve(r -> r.contains("/plus") ? "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok"
                : "HTTP/1.1 200 OK\r\nContent-Length: 2x\r\n\r\nok", 10);
        FastConnection c = connect(uri);
        assertThat(new String(c.exchange("GET", uri.resolve("/plus"), List.of(), null, TIMEOUT, MAX_BODY).body()))
                .isEqualTo("ok");
        assertThatThrownBy(() -> c.exchange("GET", uri.resolve("/bad"), List.of(), null, TIMEOUT, MAX_BODY))
                .isInstanceOf(IOException.class).hasMessageContaining("bad Content-Length '2x'");
    }

    @Test
    void aRepeatedRequestIsSentAgainWholeAndADifferentOneReplacesIt() throws Exception {
        URI uri = serve(r -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 10);
        FastConnection c = connect(uri);
        URI items = uri.resolve("/items");
        c.exchange("GET", items, List.of(), null, TIMEOUT, MAX_BODY);
        c.exchange("GET", items, List.of(), null, TIMEOUT, MAX_BODY);
        c.exchange("DELETE", items, List.of(), null, TIMEOUT, MAX_BODY);
        c.exchange("GET", items, List.of("X-A", "1"), null, TIMEOUT, MAX_BODY);
        assertThat(requests).hasSize(4);
        assertThat(requests.get(1)).isEqualTo(requests.get(0)).startsWith("GET /items HTTP/1.1");
        assertThat(requests.get(2)).startsWith("DELETE /items HTTP/1.1");
        assertThat(requests.get(3)).contains("X-A: 1");
    }

    /**
     * The watchdog reads a deadline, then closes: between the two the exchange it read can end and the next
     * one begin on the same connection. Played step by step here: a deadline read during the first exchange
     * must not close the socket under the second.
     */
    @Test
    void aWatchdogHoldingTheLastExchangesDeadlineCannotAbortTheNextOne() throws Exception {
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.Semaphore answer = new java.util.concurrent.Semaphore(0);
        URI uri = serve(r -> {
            received.add(r);
            answer.acquireUninterruptibly();
            return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        }, 10);
        FastConnection c = connect(uri);
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> exchange(c, uri.resolve("/first")));
        assertThat(received.poll(5, java.util.concurrent.TimeUnit.SECONDS)).startsWith("GET /first");
        long firstDeadline = c.deadline(); // the watchdog's read, during the first exchange
        assertThat(firstDeadline).isNotIn(FastConnection.IDLE, FastConnection.ABORTED);
        answer.release();
        assertThat(first.get(5, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);

        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> exchange(c, uri.resolve("/second")));
        assertThat(received.poll(5, java.util.concurrent.TimeUnit.SECONDS)).startsWith("GET /second");
        assertThat(c.abort(firstDeadline)).as("the stale deadline's abort").isFalse();
        answer.release();
        assertThat(second.get(5, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(c.reusable()).isTrue();
        assertThat(connections.get()).isEqualTo(1);
        c.close();
    }

    @Test
    void aWatchdogHoldingTheCurrentDeadlineAbortsItAsATimeout() throws Exception {
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.Semaphore answer = new java.util.concurrent.Semaphore(0);
        URI uri = serve(r -> {
            received.add(r);
            answer.acquireUninterruptibly();
            return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        }, 10);
        FastConnection c = connect(uri);
        var only = java.util.concurrent.CompletableFuture.supplyAsync(() -> exchange(c, uri.resolve("/only")));
        assertThat(received.poll(5, java.util.concurrent.TimeUnit.SECONDS)).startsWith("GET /only");
        assertThat(c.abort(c.deadline())).isTrue();
        assertThatThrownBy(() -> only.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(java.io.UncheckedIOException.class)
                .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
        answer.release(10);
        assertThat(c.reusable()).isFalse();
    }

    @Test
    void aBodyPastTheBoundIsCountedAndDroppedAndTheConnectionStaysUsable() throws Exception {
        String big = "0123456789".repeat(100_000); // 1,000,000 bytes, well past the read buffer
        URI uri = serve(r -> r.contains("/chunked")
                ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks(big, 7_000) + "0\r\n\r\n"
                : "HTTP/1.1 200 OK\r\nContent-Length: " + big.length() + "\r\n\r\n" + big, 10);
        FastConnection c = connect(uri);
        for (String path : List.of("/length", "/chunked", "/length")) {
            RawResponse r = c.exchange("GET", uri.resolve(path), List.of(), null, TIMEOUT, 1000);
            assertThat(r.body()).as(path).hasSize(1000).isEqualTo(big.substring(0, 1000).getBytes());
            assertThat(r.bodyLength()).as(path).isEqualTo(1_000_000);
        }
        assertThat(c.reusable()).isTrue();
        assertThat(connections.get()).as("all three on one connection").isEqualTo(1);
        RawResponse none = c.exchange("GET", uri.resolve("/length"), List.of(), null, TIMEOUT, 0);
        assertThat(none.body()).isEmpty();
        assertThat(none.bodyLength()).isEqualTo(1_000_000);
    }

    private static String chunks(String body, int size) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i += size) {
            String chunk = body.substring(i, Math.min(body.length(), i + size));
            out.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        return out.toString();
    }

    @Test
    void aBodyReadUntilCloseKeepsOnlyTheBound() throws Exception {
        String big = "z".repeat(300_000);
        URI uri = serve(r -> "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + big, 1);
        RawResponse r = connect(uri).exchange("GET", uri, List.of(), null, TIMEOUT, 50_000);
        assertThat(r.body()).hasSize(50_000);
        assertThat(r.bodyLength()).isEqualTo(300_000);
    }

    @Test
    void aContentLengthPastTwoGigabytesIsTakenNotRefused() throws Exception {
        // the server announces 3 GB and closes after 5 bytes: the client reads on until the close
        URI uri = serve(r -> "HTTP/1.1 200 OK\r\nContent-Length: 3000000000\r\n\r\nhello", 1);
        assertThatThrownBy(() -> connect(uri).exchange("GET", uri, List.of(), null, TIMEOUT, MAX_BODY))
                .isInstanceOf(java.io.EOFException.class).hasMessageContaining("of 3000000000 body bytes");
    }

    private static RawResponse exchange(FastConnection c, URI uri) {
        try {
            return c.exchange("GET", uri, List.of(), null, TIMEOUT, MAX_BODY);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
