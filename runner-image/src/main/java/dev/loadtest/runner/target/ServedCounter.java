package dev.loadtest.runner.target;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the target served, counted on the server side so that tests can hold the engine's statistics
 * against an independent count. LongAdders, because every request of a load test updates them.
 */
final class ServedCounter {

    private final LongAdder total = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> byRoute = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

    void count(String route, int status) {
        total.increment();
        byRoute.computeIfAbsent(route, r -> new LongAdder()).increment();
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    long total() {
        return total.sum();
    }

    Map<String, Long> byRoute() {
        Map<String, Long> counts = new TreeMap<>();
        byRoute.forEach((route, count) -> counts.put(route, count.sum()));
        return counts;
    }

    long withStatus(int status) {
        LongAdder count = byStatus.get(status);
        return count == null ? 0 : count.sum();
    }

    void reset() {
        total.reset();
        byRoute.clear();
        byStatus.clear();
    }
}
