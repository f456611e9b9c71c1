package dev.loadtest;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link FastHttpUser}'s transport: this user's own keep-alive connections, one per origin (more only if
 * the user's code sends requests from several threads at once).
 */
final class FastHttpSession extends HttpSession {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ArrayDeque<FastConnection>> idle = new HashMap<>();
    private boolean closed;

    FastHttpSession(UserContext context) {
        super(context);
    }

    @Override
    RawResponse exchange(String verb, URI uri, java.util.List<String> headers, byte[] body, Duration timeout)
            throws IOException {
        String origin = FastConnection.origin(uri);
        FastConnection connection = borrow(origin);
        boolean reused = connection != null;
        if (connection == null) {
            connection = FastConnection.open(uri, timeout);
        }
        try {
            RawResponse response = connection.exchange(verb, uri, headers, body, timeout);
            release(origin, connection);
            return response;
        } catch (FastConnection.StaleConnectionException e) {
            connection.close();
            if (!reused) {
                throw e;
            }
            // the server closed a kept-alive connection before reading this request: send it once more
            FastConnection fresh = FastConnection.open(uri, timeout);
            try {
                RawResponse response = fresh.exchange(verb, uri, headers, body, timeout);
                release(origin, fresh);
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

    private FastConnection borrow(String origin) {
        lock.lock();
        try {
            ArrayDeque<FastConnection> pool = idle.get(origin);
            return pool == null ? null : pool.pollLast();
        } finally {
            lock.unlock();
        }
    }

    private void release(String origin, FastConnection connection) {
        if (!connection.reusable()) {
            connection.close();
            return;
        }
        lock.lock();
        try {
            if (closed) {
                connection.close();
            } else {
                idle.computeIfAbsent(origin, o -> new ArrayDeque<>(1)).addLast(connection);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    void close() {
        lock.lock();
        try {
            closed = true;
            idle.values().forEach(pool -> pool.forEach(FastConnection::close));
            idle.clear();
        } finally {
            lock.unlock();
        }
    }
}
