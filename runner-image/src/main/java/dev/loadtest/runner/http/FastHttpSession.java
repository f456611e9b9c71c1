package dev.loadtest.runner.http;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@link dev.loadtest.FastHttpUser}'s transport: this user's own keep-alive connections, one per origin. A user sends
 * one request at a time, so a handful of idle slots and a plain lock are all it needs.
 */
public final class FastHttpSession extends RunnerHttpSession {

    private static final int MAX_IDLE = 4;

    private final FastConnection[] idle = new FastConnection[MAX_IDLE];
    private final SessionContext context;
    /** The run's TLS settings, looked up with the first https connection. */
    private SSLSocketFactory tls;
    private boolean closed;
    /** The last URI sent to and its origin, in one object so that threads sharing the session read a pair. */
    private LastOrigin last;

    public FastHttpSession(SessionContext context) {
        super(context);
        this.context = context;
    }

    private SSLSocketFactory tls() throws IOException {
        if (tls == null) {
            try {
                tls = (context == null ? SSLContext.getDefault() : context.sslContext()).getSocketFactory();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException("this JDK has no TLS: " + e.getMessage(), e);
            }
        }
        return tls;
    }

    /** A user sends to one origin again and again, with the same URI objects (the session caches them). */
    private String origin(URI uri) {
        LastOrigin known = last;
        if (known == null || known.uri() != uri) {
            known = new LastOrigin(uri, FastConnection.origin(uri));
            last = known;
        }
        return known.origin();
    }

    private record LastOrigin(URI uri, String origin) {
    }

    private FastConnection open(URI uri, String origin, Duration timeout) throws IOException {
        return FastConnection.open(uri, origin, timeout, "https".equalsIgnoreCase(uri.getScheme()) ? tls() : null);
    }

    @Override
    RawResponse exchange(String verb, URI uri, List<String> headers, byte[] body, Duration timeout, int maxBody)
            throws IOException {
        String origin = origin(uri);
        FastConnection connection = borrow(origin);
        boolean reused = connection != null;
        if (connection == null) {
            connection = open(uri, origin, timeout);
        }
        try {
            RawResponse response = connection.exchange(verb, uri, headers, body, timeout, maxBody);
            release(connection);
            return response;
        } catch (FastConnection.StaleConnectionException e) {
            connection.close();
            if (!reused) {
                throw e;
            }
            // the server closed a kept-alive connection before reading this request: send it once more
            FastConnection fresh = open(uri, origin, timeout);
            try {
                RawResponse response = fresh.exchange(verb, uri, headers, body, timeout, maxBody);
                release(fresh);
                return response;
            } catch (IOException retryFailure) {
                fresh.close();
                throw retryFailure;
            }
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private synchronized FastConnection borrow(String origin) {
        for (int i = 0; i < idle.length; i++) {
            FastConnection c = idle[i];
            if (c != null && c.origin().equals(origin)) {
                idle[i] = null;
                return c;
            }
        }
        return null;
    }

    private void release(FastConnection connection) {
        if (!connection.reusable()) {
            connection.close();
            return;
        }
        FastConnection evicted = connection;
        synchronized (this) {
            if (!closed) {
                for (int i = 0; i < idle.length; i++) {
                    if (idle[i] == null) {
                        idle[i] = connection;
                        return;
                    }
                }
                // more origins than slots: the oldest slot makes room
                evicted = idle[0];
                System.arraycopy(idle, 1, idle, 0, idle.length - 1);
                idle[idle.length - 1] = connection;
            }
        }
        evicted.close();
    }

    @Override
    protected synchronized void close() {
        closed = true;
        for (int i = 0; i < idle.length; i++) {
            if (idle[i] != null) {
                idle[i].close();
                idle[i] = null;
            }
        }
    }
}
