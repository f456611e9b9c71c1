package dev.loadtest.api.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class StatsSnapshotTest {

    private static StatsSnapshot runner(String id, long offset) {
        EndpointStats items = new EndpointStats(new EndpointKey("GET", "/items"));
        EndpointStats login = new EndpointStats(new EndpointKey("POST", "/login"));
        for (int i = 0; i < 1000; i++) {
            items.record(1000 + i * 37 + offset, 200, i % 50 == 0, 1_000_000 + i);
            if (i % 10 == 0) {
                login.record(5000 + i + offset, 20, false, 1_000_000 + i);
            }
        }
        FailureStats failure = new FailureStats("GET", "/items", "HTTP 503", 20, 1_000_000 + offset, 1_000_999);
        ExceptionStats exception = new ExceptionStats(2, "boom", "java.lang.IllegalStateException: boom\n\tat X",
                new TreeSet<>(List.of(id)));
        return new StatsSnapshot("run-1", id, "inc-" + id, "RUNNING", 5, Map.of("ShopUser", 5), 1_001_000 + offset,
                List.of(items, login), List.of(failure), List.of(exception));
    }

    @Test
    void survivesAJsonRoundTripExactly() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        StatsSnapshot original = runner("r1", 0);
        StatsSnapshot back = mapper.readValue(mapper.writeValueAsString(original), StatsSnapshot.class);
        assertThat(back.entries()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            EndpointStats a = original.entries().get(i);
            EndpointStats b = back.entries().get(i);
            assertThat(b.key()).isEqualTo(a.key());
            assertThat(b.histogram()).isEqualTo(a.histogram());
            assertThat(b.numFailures()).isEqualTo(a.numFailures());
            assertThat(b.maxResponseTimeMs()).isEqualTo(a.maxResponseTimeMs());
            assertThat(b.minResponseTimeMs()).isEqualTo(a.minResponseTimeMs());
            assertThat(b.avgResponseTimeMs()).isEqualTo(a.avgResponseTimeMs());
            assertThat(b.currentRps(1_000_000, 1_001_000)).isEqualTo(a.currentRps(1_000_000, 1_001_000));
        }
        assertThat(back.failures()).isEqualTo(original.failures());
        assertThat(back.exceptions()).isEqualTo(original.exceptions());
        assertThat(back.userClassCounts()).isEqualTo(Map.of("ShopUser", 5));
    }

    @Test
    void mergingRunnersAddsEntriesFailuresExceptionsAndUsers() {
        StatsSnapshot merged = StatsSnapshot.merge("run-1", List.of(runner("r1", 0), runner("r2", 3)));
        assertThat(merged.userCount()).isEqualTo(10);
        assertThat(merged.userClassCounts()).isEqualTo(Map.of("ShopUser", 10));
        assertThat(merged.entries()).extracting(EndpointStats::key)
                .containsExactly(new EndpointKey("GET", "/items"), new EndpointKey("POST", "/login"));
        assertThat(merged.total().numRequests()).isEqualTo(2 * 1100);
        assertThat(merged.failures()).singleElement().satisfies(f -> {
            assertThat(f.occurrences()).isEqualTo(40);
            assertThat(f.firstSeenEpochMillis()).isEqualTo(1_000_000);
        });
        assertThat(merged.exceptions()).singleElement().satisfies(x -> {
            assertThat(x.count()).isEqualTo(4);
            assertThat(x.nodes()).containsExactly("r1", "r2");
        });
    }

    @Test
    void aggregatedEqualsEveryRequestInOneHistogram() {
        StatsSnapshot s = runner("r1", 0);
        EndpointStats all = new EndpointStats(EndpointKey.aggregated());
        for (int i = 0; i < 1000; i++) {
            all.record(1000 + i * 37, 200, i % 50 == 0, 1_000_000 + i);
            if (i % 10 == 0) {
                all.record(5000 + i, 20, false, 1_000_000 + i);
            }
        }
        EndpointStats total = s.total();
        assertThat(total.histogram()).isEqualTo(all.histogram());
        assertThat(total.percentileMs(0.99)).isEqualTo(all.percentileMs(0.99));
        assertThat(total.totalContentLength()).isEqualTo(all.totalContentLength());
    }

    @Test
    void mergingDecodedSnapshotsEqualsMergingTheOriginals() throws Exception {
        // the operator merges snapshots decoded from JSON, whose histograms are added from their encoding
        ObjectMapper mapper = new ObjectMapper();
        List<StatsSnapshot> originals = new java.util.ArrayList<>();
        List<StatsSnapshot> decoded = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            StatsSnapshot s = runner("r" + i, i * 11L);
            originals.add(s);
            decoded.add(mapper.readValue(mapper.writeValueAsBytes(runner("r" + i, i * 11L)), StatsSnapshot.class));
        }
        StatsSnapshot direct = StatsSnapshot.merge("run-1", originals);
        StatsSnapshot viaJson = StatsSnapshot.merge("run-1", decoded);
        for (int i = 0; i < direct.entries().size(); i++) {
            EndpointStats a = direct.entries().get(i);
            EndpointStats b = viaJson.entries().get(i);
            assertThat(b.histogram()).isEqualTo(a.histogram());
            assertThat(b.numRequests()).isEqualTo(a.numRequests());
            assertThat(b.maxResponseTimeMs()).isEqualTo(a.maxResponseTimeMs());
            assertThat(b.currentRps(1_000_000, 1_001_000)).isEqualTo(a.currentRps(1_000_000, 1_001_000));
            // b answers from counts by index, a from an HdrHistogram: the same figures
            for (double p : new double[] {0.01, 0.25, 0.5, 0.66, 0.9, 0.95, 0.99, 0.999, 1.0}) {
                assertThat(b.percentileMs(p)).as("p%s of %s", p, a.key()).isEqualTo(a.percentileMs(p));
            }
            assertThat(b.medianMs()).isEqualTo(a.medianMs());
        }
        assertThat(viaJson.total().percentileMs(0.99)).isEqualTo(direct.total().percentileMs(0.99));
        assertThat(viaJson.total().medianMs()).isEqualTo(direct.total().medianMs());
        // merging read the decoded rows without changing them: they can be merged again next poll
        assertThat(StatsSnapshot.merge("run-1", decoded).total().histogram()).isEqualTo(direct.total().histogram());
        assertThat(mapper.writeValueAsString(decoded.get(3))).isEqualTo(mapper.writeValueAsString(originals.get(3)));
    }

    @Test
    void aMergeBigEnoughToSumEndpointsInParallelIsStillExact() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        int runners = 150;
        int endpoints = 10;
        assertThat(runners * endpoints).isGreaterThanOrEqualTo(StatsSnapshot.Merger.PARALLEL_PARTS);
        List<EndpointStats> expected = new java.util.ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            expected.add(new EndpointStats(new EndpointKey("GET", "/e" + e)));
        }
        StatsSnapshot.Merger merger = new StatsSnapshot.Merger("run-1");
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int r = 0; r < runners; r++) {
            List<EndpointStats> rows = new java.util.ArrayList<>();
            for (int e = 0; e < endpoints; e++) {
                EndpointStats row = new EndpointStats(new EndpointKey("GET", "/e" + e));
                for (int i = 0; i < 50; i++) {
                    long micros = (long) (1000 * Math.exp(random.nextDouble() * 8));
                    long at = 1_000_000 + random.nextInt(60_000);
                    boolean failed = random.nextInt(20) == 0;
                    row.record(micros, 100, failed, at);
                    expected.get(e).record(micros, 100, failed, at);
                }
                rows.add(row);
            }
            StatsSnapshot s = new StatsSnapshot("run-1", "r" + r, "i" + r, "RUNNING", 1, Map.of("U", 1), 1_060_000,
                    rows, List.of(), List.of());
            merger.add(mapper.readValue(mapper.writeValueAsBytes(s), StatsSnapshot.class));
        }
        StatsSnapshot merged = merger.result();
        assertThat(merged.entries()).extracting(EndpointStats::key)
                .containsExactlyElementsOf(expected.stream().map(EndpointStats::key).sorted().toList());
        for (EndpointStats want : expected) {
            EndpointStats got = merged.entries().stream().filter(x -> x.key().equals(want.key())).findFirst()
                    .orElseThrow();
            assertThat(got.numRequests()).isEqualTo(runners * 50L);
            assertThat(got.numFailures()).isEqualTo(want.numFailures());
            assertThat(got.totalResponseTimeMicros()).isEqualTo(want.totalResponseTimeMicros());
            assertThat(got.histogram()).isEqualTo(want.histogram());
            for (double p : new double[] {0.5, 0.95, 0.99, 1.0}) {
                assertThat(got.percentileMs(p)).as("p%s of %s", p, want.key()).isEqualTo(want.percentileMs(p));
            }
            assertThat(got.currentRps(1_000_000, 1_060_000)).isEqualTo(want.currentRps(1_000_000, 1_060_000));
        }
        assertThat(merged.userCount()).isEqualTo(runners);
    }
}
