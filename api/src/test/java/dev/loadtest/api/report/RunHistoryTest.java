package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.loadtest.api.report.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

class RunHistoryTest {

    @Test
    void whenFullKeepsEveryOtherPointAndThenEveryOtherTick() {
        RunHistory history = new RunHistory(10);
        for (int tick = 0; tick < 30; tick++) {
            history.add(T0 + tick * 1000L, tick, tick, 0, 0, 0);
        }

        List<Integer> kept = history.points().stream().map(RunHistory.Point::users).toList();

        // 0..9 fill it; tick 10 halves it to 0,2,4,6,8 and then every 2nd tick joins until it is full again,
        // and tick 20 halves it to 0,4,8,12,16 and from then on every 4th tick is kept.
        assertThat(kept).containsExactly(0, 4, 8, 12, 16, 20, 24, 28);
        assertThat(kept.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void neverHoldsMoreThanTheBound() {
        RunHistory history = new RunHistory();
        for (int tick = 0; tick < 100_000; tick++) {
            history.add(T0 + tick, 1, 1, 0, 1, 1);
        }

        assertThat(history.points()).hasSizeBetween(RunHistory.MAX_POINTS / 2, RunHistory.MAX_POINTS);
    }

    @Test
    void chartPercentilesCoverTheLastTenSecondsOnly() {
        EndpointStats endpoint = new EndpointStats(new EndpointKey("GET", "/"));
        RunHistory history = new RunHistory();
        // 20 s of 10 ms requests, then 10 s of 500 ms requests: the cumulative median stays 10 ms.
        for (int second = 0; second < 30; second++) {
            long millis = second < 20 ? 10 : 500;
            for (int i = 0; i < 10; i++) {
                endpoint.record(millis * 1000, 0, false, T0 + second * 1000L + i * 100);
            }
            history.add(snapshotOf(endpoint), 1, T0 + (second + 1) * 1000L);
        }

        RunHistory.Point early = history.points().get(9);
        RunHistory.Point last = history.points().getLast();
        assertThat(early.p50Ms()).isEqualTo(10.0);
        assertThat(last.p50Ms()).isEqualTo(500.0);
        assertThat(last.p95Ms()).isEqualTo(500.0);
        assertThat(endpoint.medianMs()).isEqualTo(10.0);
        assertThat(last.requestsPerSec()).isEqualTo(10.0);
    }

    @Test
    void aStatisticsResetStartsTheWindowAfresh() {
        RunHistory history = new RunHistory();
        EndpointStats before = new EndpointStats(new EndpointKey("GET", "/"));
        for (int i = 0; i < 100; i++) {
            before.record(10_000, 0, false, T0 + i * 100L);
        }
        history.add(snapshotOf(before), 1, T0 + 10_000);
        EndpointStats afterReset = new EndpointStats(new EndpointKey("GET", "/"));
        afterReset.record(70_000, 0, false, T0 + 20_500);

        history.add(snapshotOf(afterReset), 1, T0 + 21_000);

        assertThat(history.points().getLast().p50Ms()).isEqualTo(70.0);
    }

    @Test
    void concurrentTicksAreAllCounted() throws InterruptedException {
        RunHistory history = new RunHistory();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 1000; i++) {
                long t = T0 + i;
                pool.execute(() -> history.add(t, 1, 1, 0, 1, 1));
            }
        }
        assertThat(history.points()).hasSize(1000);
    }

    private static StatsSnapshot snapshotOf(EndpointStats endpoint) {
        return Snapshots.snapshot(List.of(endpoint), List.of(), List.of());
    }
}
