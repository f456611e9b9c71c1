package dev.loadtest.runner.http;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection, used by one virtual thread at a time: the request is written in one
 * write from a reused buffer, the response parsed from a reused buffer (Content-Length, chunked, or until
 * close). Blocking I/O is what virtual threads are for: no selector, no hand-off between threads.
 */
final class FastConnection {

    private static final int MAX_LINE = 64 * 1024;
    private static final byte[] NO_BODY = new byte[0];
    /** {@link #deadlineNanos} between exchanges. */
    static final long IDLE = 0;
    /** {@link #deadlineNanos} once the watchdog has claimed the exchange and closed its socket. */
    static final long ABORTED = Long.MIN_VALUE;
    private static final VarHandle DEADLINE;
    /**
     * After sending, a user on a virtual thread lets the other runnable users go first. A read right after the send
     * nearly always finds no answer yet: it fails with EAGAIN, registers the socket with the JDK's poller (epoll_ctl)
     * and parks until the poller unparks it, where an event loop such as wrk's does one read per answer. Read after
     * the others had their turn, the answer is usually there (perf counted 1.02 epoll_ctl per request without the
     * yield, 0.56-0.81 with it, on a busy machine). When no other user is runnable the yield returns at once and the
     * read parks as before. {@code -Dloadtest.fast.yieldAfterSend=false} turns it off.
     */
    private static final boolean YIELD_AFTER_SEND = Boolean.parseBoolean(
            System.getProperty("loadtest.fast.yieldAfterSend", "true"));

    static {
        try {
            DEADLINE = MethodHandles.lookup().findVarHandle(FastConnection.class, "deadlineNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String origin;
    private final String hostHeader;
    /** Lent from the pool for one exchange; kept only while it holds bytes of a next response. */
    private byte[] buffer;
    private int position;
    private int limit;
    private byte[] request = new byte[512];
    private URI lastUri;
    private String lastVerb;
    private int lastLength;
    private boolean reusable = true;
    /** The response's header names and values, copied out of {@link #buffer} as they are parsed. */
    private byte[] headerBytes = new byte[512];
    /** [start, end) in {@link #headerBytes} of each name and value, in order. */
    private int[] headerBounds = new int[64];
    /**
     * When the exchange under way gives up (System.nanoTime()), {@link #IDLE} between exchanges, or
     * {@link #ABORTED} once the watchdog has claimed the exchange. Exchange and watchdog change it only by
     * compare-and-set from the value they read, so a watchdog that read the deadline of an exchange that has
     * since ended can no longer close the socket under the next one.
     */
    private volatile long deadlineNanos;
    private long lastDeadline;
    /** When the exchange under way sent its request (System.nanoTime()), for the response's elapsed time. */
    private long sentNanos;
    /** The exchange under way keeps at most this many body bytes; {@link #bodyLength} counts them all. */
    private int maxBody;
    private long bodyLength;
    /** The response being read is HTTP/1.0, which closes unless it says keep-alive. */
    private boolean http10;

    private FastConnection(Socket socket, String origin, String hostHeader) throws IOException {
        this.socket = socket;
        this.origin = origin;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.hostHeader = hostHeader;
    }

    /** The pool key of a URI: scheme, host and port. */
    static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + ":" + port(uri);
    }

    private static boolean isTls(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : isTls(uri) ? 443 : 80;
    }

    static FastConnection open(URI uri, Duration timeout) throws IOException {
        return open(uri, origin(uri), timeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /**
     * Connects, with TLS from {@code tls} for https: the run's context, which with {@code --insecure} trusts
     * any certificate for any name (an X509ExtendedTrustManager makes the host name check its own).
     */
    static FastConnection open(URI uri, String origin, Duration timeout, SSLSocketFactory tls) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("FastHttpUser speaks http and https, not '" + uri.getScheme() + "'");
        }
        if (uri.getHost() == null) {
            throw new IOException("no host in " + uri);
        }
        int port = port(uri);
        // NO_PROXY: a plain socket, without the SOCKS wrapper that consults its options on every read
        Socket socket = new Socket(Proxy.NO_PROXY);
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(uri.getHost(), port), millis(timeout));
            if (isTls(uri)) {
                SSLSocket secure = (SSLSocket) tls.createSocket(socket, uri.getHost(), port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setApplicationProtocols(new String[] {"http/1.1"});
                secure.setSSLParameters(parameters);
                secure.setSoTimeout(millis(timeout));
                secure.startHandshake();
                secure.setSoTimeout(0); // from here on, ExchangeDeadlines bounds every exchange
                socket = secure;
            }
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        boolean defaultPort = uri.getPort() == -1 || uri.getPort() == (isTls(uri) ? 443 : 80);
        FastConnection connection = new FastConnection(socket, origin,
                defaultPort ? uri.getHost() : uri.getHost() + ":" + port);
        ExchangeDeadlines.watch(connection);
        return connection;
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    String origin() {
        return origin;
    }

    boolean reusable() {
        return reusable;
    }

    /** Called by the deadline watchdog: ends an exchange that is past its deadline by closing the socket. */
    void abortIfPast(long nowNanos) {
        long deadline = deadlineNanos;
        if (deadline != IDLE && deadline != ABORTED && nowNanos - deadline > 0) {
            abort(deadline);
        }
    }

    /**
     * Closes the socket if the exchange whose deadline was read as {@code deadline} is still the one under
     * way; false (and nothing done) when it has ended meanwhile, whatever exchange runs now.
     */
    boolean abort(long deadline) {
        if (!DEADLINE.compareAndSet(this, deadline, ABORTED)) {
            return false;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // the blocked read fails either way
        }
        return true;
    }

    /** The deadline of the exchange under way, {@link #IDLE} or {@link #ABORTED}: what the watchdog reads. */
    long deadline() {
        return deadlineNanos;
    }

    void close() {
        ExchangeDeadlines.forget(this);
        reusable = false;
        if (buffer != null) {
            BufferPool.release(buffer);
            buffer = null;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken connection: nothing left to release
        }
    }

    /** One request and its response; of the body, at most {@code maxBody} bytes are kept, the rest counted. */
    RawResponse exchange(String verb, URI uri, List<String> headers, byte[] body, Duration timeout,
                                     int maxBody) throws IOException {
        this.maxBody = maxBody;
        if (buffer == null) {
            buffer = BufferPool.borrow();
        }
        sentNanos = System.nanoTime();
        long deadline = sentNanos + timeout.toNanos();
        if (deadline == IDLE || deadline == ABORTED || deadline == lastDeadline) {
            deadline++; // each exchange its own value, so a stale read of the last one never matches this one
        }
        lastDeadline = deadline;
        if (!DEADLINE.compareAndSet(this, IDLE, deadline)) {
            reusable = false;
            throw new IOException("this connection was aborted by an earlier exchange's timeout");
        }
        try {
            return send(verb, uri, headers, body);
        } catch (IOException e) {
            if (deadlineNanos == ABORTED) {
                throw new ExchangeTimeoutException("no complete response within " + timeout.toMillis() + " ms");
            }
            throw e;
        } finally {
            if (!DEADLINE.compareAndSet(this, deadline, IDLE)) {
                // the watchdog claimed the exchange as it ended: its socket is closed or about to be
                reusable = false;
            }
            if (position == limit && buffer != null) {
                BufferPool.release(buffer);
                buffer = null;
                position = 0;
                limit = 0;
            }
        }
    }

    private RawResponse send(String verb, URI uri, List<String> headers, byte[] body) throws IOException {
        int length = requestLength(verb, uri, headers, body);
        try {
            out.write(request, 0, length);
            if (body != null && body.length > 0) {
                out.write(body);
            }
            out.flush();
        } catch (IOException e) {
            throw new StaleConnectionException("the connection broke while sending: " + e.getMessage());
        }
        if (YIELD_AFTER_SEND && Thread.currentThread().isVirtual()) {
            Thread.yield();
        }
        return readResponse("HEAD".equals(verb));
    }

    /**
     * The request head's length in {@link #request}, written anew unless it is the same bodiless,
     * header-less request as the last one: the session hands out the same URI object for a repeated path.
     */
    private int requestLength(String verb, URI uri, List<String> headers, byte[] body) {
        boolean repeatable = body == null && headers.isEmpty();
        if (repeatable && uri == lastUri && verb.equals(lastVerb)) {
            return lastLength;
        }
        int length = writeRequest(verb, uri, headers, body);
        lastUri = repeatable ? uri : null;
        lastVerb = verb;
        lastLength = length;
        return length;
    }

    private int writeRequest(String verb, URI uri, List<String> headers, byte[] body) {
        int n = 0;
        n = put(n, verb);
        n = put(n, " ");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        n = put(n, path);
        if (uri.getRawQuery() != null) {
            n = put(n, "?");
            n = put(n, uri.getRawQuery());
        }
        n = put(n, " HTTP/1.1\r\n");
        boolean host = false;
        boolean agent = false;
        boolean accept = false;
        for (int i = 0; i < headers.size(); i += 2) {
            String name = headers.get(i);
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
                continue; // the length is always the body's own
            }
            host |= name.equalsIgnoreCase("Host");
            agent |= name.equalsIgnoreCase("User-Agent");
            accept |= name.equalsIgnoreCase("Accept");
            n = put(n, name);
            n = put(n, ": ");
            n = put(n, headers.get(i + 1));
            n = put(n, "\r\n");
        }
        if (!host) {
            n = put(n, "Host: ");
            n = put(n, hostHeader);
            n = put(n, "\r\n");
        }
        if (!agent) {
            n = put(n, "User-Agent: loadtest\r\n");
        }
        if (!accept) {
            n = put(n, "Accept: */*\r\n");
        }
        // as requests: every request but a bodiless GET or HEAD says its length, 0 included
        if (body != null || !(verb.equals("GET") || verb.equals("HEAD"))) {
            n = put(n, "Content-Length: ");
            n = put(n, Integer.toString(body == null ? 0 : body.length));
            n = put(n, "\r\n");
        }
        return put(n, "\r\n");
    }

    /** Appends text as ISO-8859-1 bytes, the charset of HTTP/1.1 headers. */
    private int put(int at, String text) {
        int needed = at + text.length();
        if (needed > request.length) {
            request = java.util.Arrays.copyOf(request, Math.max(needed, request.length * 2));
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            request[at++] = (byte) (c < 256 ? c : '?');
        }
        return at;
    }

    private RawResponse readResponse(boolean head) throws IOException {
        if (position == limit && fill() < 0) {
            reusable = false;
            throw new StaleConnectionException("the server closed the connection before answering");
        }
        while (true) {
            int status = readStatusLine();
            int headerCount = 0;
            int headerBytesUsed = 0;
            long contentLength = -1;
            boolean chunked = false;
            boolean close = http10;
            for (int nl = bufferLine(); lineEnd(nl) > position; nl = bufferLine()) {
                int end = lineEnd(nl);
                int colon = indexOf((byte) ':', position, end);
                if (colon > position) {
                    int nameStart = skipBlanks(position, colon);
                    int nameEnd = trimBlanks(nameStart, colon);
                    int valueStart = skipBlanks(colon + 1, end);
                    int valueEnd = trimBlanks(valueStart, end);
                    if (headerCount + 2 > headerBounds.length / 2) {
                        headerBounds = java.util.Arrays.copyOf(headerBounds, headerBounds.length * 2);
                    }
                    headerBytesUsed = keepHeaderBytes(nameStart, nameEnd, headerBytesUsed, headerCount++);
                    headerBytesUsed = keepHeaderBytes(valueStart, valueEnd, headerBytesUsed, headerCount++);
                    if (isName(nameStart, nameEnd, CONTENT_LENGTH)) {
                        contentLength = parseLength(valueStart, valueEnd);
                    } else if (isName(nameStart, nameEnd, TRANSFER_ENCODING)) {
                        chunked = containsIgnoringCase(valueStart, valueEnd, CHUNKED);
                    } else if (isName(nameStart, nameEnd, CONNECTION)) {
                        close = containsIgnoringCase(valueStart, valueEnd, CLOSE)
                                || (http10 && !containsIgnoringCase(valueStart, valueEnd, KEEP_ALIVE));
                    }
                }
                position = nl + 1;
            }
            position = bufferLine() + 1; // the empty line that ends the headers
            if (status >= 100 && status < 200 && status != 101) {
                continue; // an interim response (100 Continue): the real one follows
            }
            long headersNanos = System.nanoTime() - sentNanos;
            byte[] body;
            bodyLength = 0;
            if (head || status == 204 || status == 304 || (status >= 100 && status < 200)) {
                body = NO_BODY;
            } else if (chunked) {
                body = readChunked();
            } else if (contentLength >= 0) {
                body = readExactly(contentLength);
            } else {
                body = readToEnd();
                close = true;
            }
            if (close) {
                reusable = false;
            }
            // the list keeps copies: the scratch arrays serve the next response
            HeaderList headers = HeaderList.ofBytes(java.util.Arrays.copyOf(headerBytes, headerBytesUsed),
                    java.util.Arrays.copyOf(headerBounds, 2 * headerCount), headerCount);
            return new RawResponse(status, headers, body, bodyLength, headersNanos);
        }
    }

    /** Parses "HTTP/1.x NNN reason" in place, without making a String; returns NNN, sets {@link #http10}. */
    private int readStatusLine() throws IOException {
        int nl = bufferLine();
        int end = lineEnd(nl);
        int start = position;
        if (end - start < 12 || !startsWith(start, "HTTP/1.") || !isDigit(start + 9) || !isDigit(start + 10)
                || !isDigit(start + 11)) {
            reusable = false;
            String line = latin1(start, Math.min(end, start + 80));
            throw new IOException("not an HTTP/1.x response: '" + line + "'");
        }
        int status = (buffer[start + 9] - '0') * 100 + (buffer[start + 10] - '0') * 10 + (buffer[start + 11] - '0');
        http10 = buffer[start + 7] == '0';
        position = nl + 1;
        return status;
    }

    /** Makes sure a whole line is buffered from {@code position}; returns the index of its '\n'. */
    private int bufferLine() throws IOException {
        int scanned = position;
        while (true) {
            for (int i = scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    return i;
                }
            }
            if (position > 0) {
                int remaining = limit - position;
                System.arraycopy(buffer, position, buffer, 0, remaining);
                position = 0;
                limit = remaining;
            }
            scanned = limit;
            if (limit == buffer.length) {
                if (buffer.length >= MAX_LINE) {
                    reusable = false;
                    throw new IOException("a response line is longer than " + MAX_LINE + " bytes");
                }
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                reusable = false;
                throw new EOFException("the connection closed in the middle of a response");
            }
            limit += n;
        }
    }

    /** The end of the line whose '\n' is at {@code nl}, without a CR before it. */
    private int lineEnd(int nl) {
        return nl > position && buffer[nl - 1] == '\r' ? nl - 1 : nl;
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(int at, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (buffer[at + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean isDigit(int at) {
        return buffer[at] >= '0' && buffer[at] <= '9';
    }

    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    private static byte[] ascii(String lowerCase) {
        return lowerCase.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private int skipBlanks(int from, int to) {
        while (from < to && (buffer[from] == ' ' || buffer[from] == '\t')) {
            from++;
        }
        return from;
    }

    private int trimBlanks(int from, int to) {
        while (to > from && (buffer[to - 1] == ' ' || buffer[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    /** Copies buffer[from, to) to {@link #headerBytes} at {@code used} as entry {@code entry}; the new used length. */
    private int keepHeaderBytes(int from, int to, int used, int entry) {
        int length = to - from;
        if (used + length > headerBytes.length) {
            headerBytes = java.util.Arrays.copyOf(headerBytes, Math.max(used + length, headerBytes.length * 2));
        }
        System.arraycopy(buffer, from, headerBytes, used, length);
        headerBounds[2 * entry] = used;
        headerBounds[2 * entry + 1] = used + length;
        return used + length;
    }

    private static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    /** Whether buffer[from, to) is the header name {@code lowerCase}, ignoring ASCII case. */
    private boolean isName(int from, int to, byte[] lowerCase) {
        if (to - from != lowerCase.length) {
            return false;
        }
        for (int i = 0; i < lowerCase.length; i++) {
            if (lower(buffer[from + i]) != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether buffer[from, to) contains {@code lowerCase}, ignoring ASCII case. */
    private boolean containsIgnoringCase(int from, int to, byte[] lowerCase) {
        outer:
        for (int at = from; at <= to - lowerCase.length; at++) {
            for (int i = 0; i < lowerCase.length; i++) {
                if (lower(buffer[at + i]) != lowerCase[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A Content-Length of plain digits, parsed in place; anything else goes through {@link #parseLength(String)}. */
    private long parseLength(int from, int to) throws IOException {
        long n = 0;
        if (to - from < 1 || to - from > 18) {
            return parseLength(latin1(from, to));
        }
        for (int i = from; i < to; i++) {
            int digit = buffer[i] - '0';
            if (digit < 0 || digit > 9) {
                return parseLength(latin1(from, to));
            }
            n = n * 10 + digit;
        }
        return n;
    }

    /** The bytes [from, to) without surrounding blanks, as ISO-8859-1 text (HTTP/1.1's header charset). */
    private String latin1(int from, int to) {
        while (from < to && (buffer[from] == ' ' || buffer[from] == '\t')) {
            from++;
        }
        while (to > from && (buffer[to - 1] == ' ' || buffer[to - 1] == '\t')) {
            to--;
        }
        return new String(buffer, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Any length is taken: what is kept is bounded by the exchange's maxBody, not by the header. */
    private static long parseLength(String value) throws IOException {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new IOException("bad Content-Length '" + value + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length '" + value + "'");
        }
    }

    private int fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(0, n);
        return n;
    }

    /** A body of known length: the first maxBody bytes kept in an array of their size, the rest read and dropped. */
    private byte[] readExactly(long length) throws IOException {
        byte[] body = new byte[(int) Math.min(length, maxBody)];
        int done = Math.min(limit - position, body.length);
        System.arraycopy(buffer, position, body, 0, done);
        position += done;
        while (done < body.length) {
            int n = in.read(body, done, body.length - done);
            if (n < 0) {
                reusable = false;
                throw new EOFException("the connection closed after " + done + " of " + length + " body bytes");
            }
            done += n;
        }
        skip(length - body.length, length);
        bodyLength += length;
        return body;
    }

    /** Reads and drops {@code count} bytes through the read buffer, so the connection stays usable. */
    private void skip(long count, long length) throws IOException {
        long left = count;
        while (left > 0) {
            if (position == limit && fill() < 0) {
                reusable = false;
                throw new EOFException("the connection closed after " + (length - left) + " of " + length
                        + " body bytes");
            }
            int n = (int) Math.min(left, limit - position);
            position += n;
            left -= n;
        }
    }

    private byte[] readChunked() throws IOException {
        BoundedBody body = new BoundedBody(maxBody);
        while (true) {
            int nl = bufferLine();
            int end = lineEnd(nl);
            int semicolon = indexOf((byte) ';', position, end);
            String hex = latin1(position, semicolon >= 0 ? semicolon : end);
            position = nl + 1;
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                reusable = false;
                throw new IOException("bad chunk size '" + hex + "'");
            }
            if (size < 0) {
                reusable = false;
                throw new IOException("bad chunk size '" + hex + "'");
            }
            if (size == 0) {
                for (int t = bufferLine(); lineEnd(t) > position; t = bufferLine()) {
                    position = t + 1; // trailers are not kept
                }
                position = bufferLine() + 1;
                bodyLength = body.total();
                return body.bytes();
            }
            for (long left = size; left > 0; ) {
                if (position == limit && fill() < 0) {
                    reusable = false;
                    throw new EOFException("the connection closed in the middle of a chunk");
                }
                int n = (int) Math.min(left, limit - position);
                body.write(buffer, position, n);
                position += n;
                left -= n;
            }
            position = bufferLine() + 1;
        }
    }

    /** A body without a length: read until the server closes, at most maxBody bytes kept. */
    private byte[] readToEnd() throws IOException {
        BoundedBody body = new BoundedBody(maxBody);
        body.write(buffer, position, limit - position);
        position = limit;
        while (fill() >= 0) {
            body.write(buffer, 0, limit);
        }
        position = 0;
        limit = 0;
        bodyLength = body.total();
        return body.bytes();
    }

    /** The exchange's deadline passed before its response was complete. */
    static final class ExchangeTimeoutException extends SocketTimeoutException {
        ExchangeTimeoutException(String message) {
            super(message);
        }
    }

    /** The connection failed before the request reached the server: safe to send it again once. */
    static final class StaleConnectionException extends IOException {
        StaleConnectionException(String message) {
            super(message);
        }
    }

}
