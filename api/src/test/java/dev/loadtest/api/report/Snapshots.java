package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.ExceptionStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.api.stats.StatsSnapshot;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Hand-built snapshots for the report tests. */
final class Snapshots {

    /** 2026-01-01T00:00:00Z: a whole second, so that per-second rates are easy to reason about. */
    static final long T0 = 1_767_225_600_000L;

    private Snapshots() {
    }

    static EndpointStats entry(String method, String name, long... responseTimesMillis) {
        EndpointStats stats = new EndpointStats(new EndpointKey(method, name));
        for (int i = 0; i < responseTimesMillis.length; i++) {
            stats.record(responseTimesMillis[i] * 1000, 100, false, T0 + i * 100L);
        }
        return stats;
    }

    static StatsSnapshot snapshot(List<EndpointStats> entries, List<FailureStats> failures,
                                  List<ExceptionStats> exceptions) {
        return new StatsSnapshot("run-1", "local", null, "RUNNING", 5, Map.of(), T0 + 10_000, entries, failures,
                exceptions);
    }

    /**
     * An open-model run: raw times of 1-2 ms; the same requests counted from their intended start, two of them after
     * a 1 s stall.
     */
    static StatsSnapshot openModel() {
        var raw = List.of(entry("GET", "/items", 1, 1, 2, 1, 2));
        var corrected = List.of(entry("GET", "/items", 1, 1, 2, 1001, 802));
        return new StatsSnapshot("run-1", "local", null, "RUNNING", 3, Map.of(), T0 + 10_000, raw, List.of(),
                List.of(), null, new dev.loadtest.api.stats.OpenModelStats(200, 5, 7, corrected));
    }

    /** Three endpoints given out of order, one failure, one exception with a multi-line traceback. */
    static StatsSnapshot sample() {
        EndpointStats postLogin = entry("POST", "/login", 20, 40);
        postLogin.record(30_000, 0, true, T0 + 500);
        return snapshot(
                List.of(entry("GET", "/products", 10, 20, 30, 40), postLogin, entry("GET", "/cart", 5)),
                List.of(new FailureStats("POST", "/login", "HTTPError('401 Client Error')", 1, T0 + 500, T0 + 500)),
                List.of(new ExceptionStats(2, "boom, again", "Traceback:\n  at \"Task\".run\n",
                        new TreeSet<>(List.of("runner-b", "runner-a")))));
    }
}
