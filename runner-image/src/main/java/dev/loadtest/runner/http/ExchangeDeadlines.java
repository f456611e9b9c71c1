package dev.loadtest.runner.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enforces request timeouts for {@link FastConnection}s with one watchdog thread instead of a socket read
 * timeout: a virtual thread's timed read schedules and cancels a timer task on every read, which the
 * profile of the nginx benchmark showed at several percent of all CPU. Here an exchange only writes its
 * deadline into a field; every {@value #CHECK_MILLIS} ms the watchdog closes the sockets of exchanges past
 * theirs, which ends their blocked reads.
 */
final class ExchangeDeadlines {

    static final long CHECK_MILLIS = 50;
    private static final Set<FastConnection> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile Thread watchdog;

    private ExchangeDeadlines() {
    }

    static void watch(FastConnection connection) {
        OPEN.add(connection);
        if (watchdog == null) {
            start();
        }
    }

    static void forget(FastConnection connection) {
        OPEN.remove(connection);
    }

    private static synchronized void start() {
        if (watchdog != null) {
            return;
        }
        watchdog = Thread.ofPlatform().daemon().name("http-deadlines").start(() -> {
            while (true) {
                try {
                    Thread.sleep(CHECK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                for (FastConnection c : OPEN) {
                    c.abortIfPast(now);
                }
            }
        });
    }
}
