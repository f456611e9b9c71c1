package dev.loadtest.runner.stats;

import dev.loadtest.api.stats.EndpointStats;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class LiveStatsTest {

    private static EndpointStats row(LiveStats.Collected c, String name) {
        return c.entries().stream().filter(e -> e.key().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void concurrentRecordsWhileFoldingAreAllCountedExactly() throws Exception {
        LiveStats stats = new LiveStats("r1");
        int threads = 8;
        int perThread = 20_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    stats.record("GET", "/items", 1_000 + i % 5_000, 100, i % 100 == 0 ? "HTTP 503" : null);
                }
            }));
        }
        go.countDown();
        while (workers.stream().anyMatch(Thread::isAlive)) {
            stats.fold(); // what the engine does every second, here as often as it can, racing the recorders
        }
        EndpointStats items = row(stats.collect(), "/items");
        assertThat(items.numRequests()).isEqualTo((long) threads * perThread);
        assertThat(items.numFailures()).isEqualTo((long) threads * perThread / 100);
        assertThat(items.histogram().getTotalCount()).isEqualTo((long) threads * perThread);
        assertThat(items.totalContentLength()).isEqualTo(100L * threads * perThread);
    }

    @Test
    void collectReturnsCopiesThatLaterRequestsDoNotChange() {
        LiveStats stats = new LiveStats("r1");
        stats.record("GET", "/a", 2_000, 10, null);
        LiveStats.Collected first = stats.collect();
        stats.record("GET", "/a", 3_000, 10, null);
        stats.fold();
        assertThat(row(first, "/a").numRequests()).isEqualTo(1);
        assertThat(row(first, "/a").histogram().getTotalCount()).isEqualTo(1);
        assertThat(row(stats.collect(), "/a").numRequests()).isEqualTo(2);
    }

    @Test
    void namesPastTheCapAreCountedUnderOther() {
        LiveStats stats = new LiveStats("r1", 3);
        for (int i = 0; i < 10; i++) {
            stats.record("GET", "/user/" + i, 1_000, 0, null);
        }
        LiveStats.Collected c = stats.collect();
        assertThat(c.entries()).hasSize(4);
        assertThat(row(c, LiveStats.OTHER).numRequests()).isEqualTo(7);
    }

    @Test
    void failuresPastTheCapAreCountedUnderOtherErrorsPerMethod() {
        LiveStats stats = new LiveStats("r1", 1000, 5, null);
        for (int i = 0; i < 500; i++) {
            // the shape that grew without bound: an error text carrying the URL
            stats.record("GET", "/product", 1_000, 0, "HTTPError 503 for url: http://shop/product?id=" + i);
        }
        stats.record("POST", "/cart", 1_000, 0, "HTTPError 500 for url: http://shop/cart?item=1");
        LiveStats.Collected c = stats.collect();
        assertThat(c.failures()).as("5 kept, one other bucket per method").hasSize(7);
        assertThat(c.failures()).filteredOn(f -> f.error().equals(LiveStats.OTHER_ERRORS))
                .extracting(f -> f.method() + " " + f.name() + " " + f.occurrences())
                .containsExactlyInAnyOrder("GET other 495", "POST other 1");
        assertThat(c.failures().stream().mapToLong(f -> f.occurrences()).sum()).as("every failure counted").isEqualTo(501);
        assertThat(row(c, "/product").numFailures()).isEqualTo(500);
    }

    @Test
    void resetForgetsRequestsFailuresAndExceptionsRecordedBeforeItButCountsLaterOnes() {
        LiveStats stats = new LiveStats("r1");
        stats.record("GET", "/a", 1_000, 10, null);
        stats.record("GET", "/a", 2_000, 10, "HTTP 500");
        stats.recordException(new IllegalStateException("boom"));
        stats.fold();
        stats.record("GET", "/a", 3_000, 10, null); // recorded but not yet folded: still before the reset
        stats.reset();
        LiveStats.Collected empty = stats.collect();
        // rows stay, emptied, as Locust's reset_all keeps its entries
        assertThat(empty.entries()).allMatch(e -> e.numRequests() == 0 && e.numFailures() == 0);
        assertThat(empty.failures()).isEmpty();
        assertThat(empty.exceptions()).isEmpty();
        stats.record("GET", "/a", 4_000, 10, null);
        LiveStats.Collected after = stats.collect();
        assertThat(row(after, "/a").numRequests()).isEqualTo(1);
        assertThat(row(after, "/a").maxResponseTimeMs()).isEqualTo(4.0);
    }
}
