package dev.loadtest.api.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The binary {@code /stats} form (control protocol 3) carries exactly what the JSON form does: decoded snapshots give
 * the same figures, and merging them gives what one process that saw every request gives. Checked on many random
 * snapshots (a property test with seeded randomness, so a failure names its seed and reproduces).
 */
class StatsBinaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double[] PERCENTILES = {0.01, 0.25, 0.5, 0.66, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0};
    private static final long T0 = 1_700_000_000_000L;

    /** A random runner snapshot; every request it records is also recorded into {@code truth}, row by row. */
    private static StatsSnapshot randomRunner(SplittableRandom random, int index, Map<EndpointKey, EndpointStats> truth,
                                              boolean openModel) {
        int endpoints = 1 + random.nextInt(6);
        List<EndpointStats> rows = new ArrayList<>();
        List<EndpointStats> corrected = new ArrayList<>();
        List<FailureStats> failures = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            // names shared across runners (so they merge), some with text JSON would escape
            EndpointKey key = new EndpointKey(e % 3 == 0 ? "POST" : "GET", "/e" + random.nextInt(8) + (e == 1 ? "?q=ü\"\n" : ""));
            if (rows.stream().anyMatch(r -> r.key().equals(key))) {
                continue;
            }
            EndpointStats row = new EndpointStats(key);
            truth.computeIfAbsent(key, EndpointStats::new); // a row without requests is still a row
            EndpointStats cor = new EndpointStats(key);
            int requests = random.nextInt(400);
            int failed = 0;
            for (int i = 0; i < requests; i++) {
                // from 0 to over an hour, log-uniform: every bucket magnitude, and values past the usual range
                long micros = random.nextInt(50) == 0 ? random.nextInt(3) : (long) Math.exp(random.nextDouble() * 22);
                boolean fail = random.nextInt(30) == 0;
                failed += fail ? 1 : 0;
                long at = T0 + random.nextInt(60_000);
                row.record(micros, random.nextInt(5000), fail, at);
                cor.record(micros + random.nextInt(1000), 0, fail, at);
                truth.computeIfAbsent(key, EndpointStats::new).record(micros, 0, fail, at);
            }
            rows.add(row);
            corrected.add(cor);
            if (failed > 0) {
                failures.add(new FailureStats(key.method(), key.name(), "HTTP 503", failed, T0, T0 + 60_000));
            }
        }
        List<ExceptionStats> exceptions = random.nextBoolean() ? List.of()
                : List.of(new ExceptionStats(1 + random.nextInt(3), "boom", "java.lang.IllegalStateException: boom",
                new TreeSet<>(List.of("r" + index))));
        return new StatsSnapshot("run-1", "r" + index, "inc-" + index, "RUNNING", 1 + random.nextInt(50),
                Map.of("ShopUser", 1 + random.nextInt(5)), T0 + 60_000, rows, failures, exceptions,
                random.nextInt(10) == 0 ? "ShopUser.quit" : null,
                openModel ? new OpenModelStats(12.5, 100 + random.nextInt(100), random.nextInt(5), corrected) : null);
    }

    @Test
    void decodingTheBinaryFormGivesTheSameSnapshotAsTheJsonFormForManyRandomSnapshots() throws Exception {
        for (long seed = 0; seed < 60; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            StatsSnapshot original = randomRunner(random, (int) seed, new java.util.TreeMap<>(), seed % 3 == 0);
            byte[] body = StatsBinary.encode(original);
            assertThat(StatsBinary.isBinary(body)).isTrue();
            StatsSnapshot viaBinary = StatsBinary.decode(body);
            StatsSnapshot viaJson = JSON.readValue(JSON.writeValueAsBytes(original), StatsSnapshot.class);
            // the JSON form says everything a snapshot holds, so equal JSON is equal figures
            assertThat(JSON.writeValueAsString(viaBinary)).as("seed %d", seed).isEqualTo(JSON.writeValueAsString(original))
                    .isEqualTo(JSON.writeValueAsString(viaJson));
            // a snapshot decoded from either form is sent on as it came: its histograms are not re-encoded
            assertThat(StatsBinary.encode(viaBinary)).as("seed %d", seed).isEqualTo(body);
            assertThat(StatsBinary.encode(viaJson)).as("seed %d", seed).isEqualTo(body);
            for (int i = 0; i < original.entries().size(); i++) {
                assertSameFigures(viaBinary.entries().get(i), original.entries().get(i), "seed " + seed);
            }
        }
    }

    @Test
    void mergingBinaryDecodedRunnersEqualsOneProcessThatSawEveryRequest() {
        for (long seed = 0; seed < 12; seed++) {
            SplittableRandom random = new SplittableRandom(1000 + seed);
            Map<EndpointKey, EndpointStats> truth = new java.util.TreeMap<>();
            List<StatsSnapshot> decoded = new ArrayList<>();
            int runners = 1 + random.nextInt(30);
            for (int r = 0; r < runners; r++) {
                decoded.add(StatsBinary.decode(StatsBinary.encode(randomRunner(random, r, truth, false))));
            }
            StatsSnapshot merged = StatsSnapshot.merge("run-1", decoded);
            assertThat(merged.entries()).extracting(EndpointStats::key).as("seed %d", seed)
                    .containsExactlyElementsOf(truth.keySet());
            EndpointStats all = new EndpointStats(EndpointKey.aggregated());
            for (EndpointStats want : truth.values()) {
                EndpointStats got = merged.entries().stream().filter(x -> x.key().equals(want.key())).findFirst()
                        .orElseThrow();
                assertThat(got.histogram()).as("seed %d %s", seed, want.key()).isEqualTo(want.histogram());
                assertThat(got.numRequests()).isEqualTo(want.numRequests());
                assertThat(got.numFailures()).isEqualTo(want.numFailures());
                assertThat(got.totalResponseTimeMicros()).isEqualTo(want.totalResponseTimeMicros());
                assertThat(got.minResponseTimeMs()).isEqualTo(want.minResponseTimeMs());
                assertThat(got.maxResponseTimeMs()).isEqualTo(want.maxResponseTimeMs());
                for (double p : PERCENTILES) {
                    assertThat(got.percentileMs(p)).as("seed %d p%s of %s", seed, p, want.key())
                            .isEqualTo(want.percentileMs(p));
                }
                assertThat(got.currentRps(T0, T0 + 60_000)).isEqualTo(want.currentRps(T0, T0 + 60_000));
                all.merge(want);
            }
            // the decoded rows are only read by a merge: merging them again (the next poll) gives the same
            StatsSnapshot again = StatsSnapshot.merge("run-1", decoded);
            assertThat(again.total().histogram()).isEqualTo(merged.total().histogram()).isEqualTo(all.histogram());
            assertThat(merged.total().percentileMs(0.99)).isEqualTo(all.percentileMs(0.99));
        }
    }

    @Test
    void theOpenModelsCorrectedRowsTravelAndMergeExactly() {
        SplittableRandom random = new SplittableRandom(7);
        List<StatsSnapshot> originals = new ArrayList<>();
        List<StatsSnapshot> decoded = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            StatsSnapshot s = randomRunner(random, r, new java.util.TreeMap<>(), true);
            originals.add(s);
            decoded.add(StatsBinary.decode(StatsBinary.encode(s)));
        }
        OpenModelStats want = StatsSnapshot.merge("run-1", originals).openModel();
        OpenModelStats got = StatsSnapshot.merge("run-1", decoded).openModel();
        assertThat(got.iterations()).isEqualTo(want.iterations());
        assertThat(got.dropped()).isEqualTo(want.dropped());
        assertThat(got.arrivalRate()).isEqualTo(want.arrivalRate());
        assertThat(got.correctedTotal().histogram()).isEqualTo(want.correctedTotal().histogram());
        assertThat(got.correctedTotal().percentileMs(0.99)).isEqualTo(want.correctedTotal().percentileMs(0.99));
    }

    @Test
    void isSmallerThanJsonAndAnEmptySnapshotTravelsToo() throws Exception {
        StatsSnapshot big = randomRunner(new SplittableRandom(3), 0, new java.util.TreeMap<>(), false);
        assertThat(StatsBinary.encode(big).length).isLessThan(JSON.writeValueAsBytes(big).length);
        StatsSnapshot empty = new StatsSnapshot("run-1", "r0", "i", "READY", 0, Map.of(), T0, List.of(), List.of(),
                List.of());
        assertThat(JSON.writeValueAsString(StatsBinary.decode(StatsBinary.encode(empty))))
                .isEqualTo(JSON.writeValueAsString(empty));
        StatsSnapshot nulls = new StatsSnapshot(null, null, null, null, 0, null, 0, null, null, null);
        assertThat(JSON.writeValueAsString(StatsBinary.decode(StatsBinary.encode(nulls))))
                .isEqualTo(JSON.writeValueAsString(nulls));
    }

    @Test
    void aJsonOrCorruptBodyIsRefusedWithAClearError() throws Exception {
        StatsSnapshot s = randomRunner(new SplittableRandom(5), 0, new java.util.TreeMap<>(), false);
        byte[] json = JSON.writeValueAsBytes(s);
        assertThat(StatsBinary.isBinary(json)).isFalse();
        assertThat(StatsBinary.isBinary(new byte[] {0x4c, 0x54})).isFalse();
        assertThatThrownBy(() -> StatsBinary.decode(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(StatsBinary.MEDIA_TYPE);
        byte[] body = StatsBinary.encode(s);
        for (int cut : new int[] {5, 9, body.length / 2, body.length - 1}) {
            byte[] truncated = Arrays.copyOf(body, cut);
            assertThatThrownBy(() -> StatsBinary.decode(truncated)).as("cut at %d", cut)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated or corrupt");
        }
        byte[] hugeLength = body.clone();
        ByteBuffer.wrap(hugeLength).putInt(4, Integer.MAX_VALUE);
        assertThatThrownBy(() -> StatsBinary.decode(hugeLength)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a length of " + Integer.MAX_VALUE);
        byte[] trailing = Arrays.copyOf(body, body.length + 3);
        assertThatThrownBy(() -> StatsBinary.decode(trailing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 bytes after the last row");
    }

    private static void assertSameFigures(EndpointStats got, EndpointStats want, String as) {
        assertThat(got.key()).as(as).isEqualTo(want.key());
        assertThat(got.histogram()).as(as).isEqualTo(want.histogram());
        assertThat(got.numRequests()).as(as).isEqualTo(want.numRequests());
        assertThat(got.numFailures()).as(as).isEqualTo(want.numFailures());
        assertThat(got.totalContentLength()).as(as).isEqualTo(want.totalContentLength());
        assertThat(got.avgResponseTimeMs()).as(as).isEqualTo(want.avgResponseTimeMs());
        assertThat(got.minResponseTimeMs()).as(as).isEqualTo(want.minResponseTimeMs());
        assertThat(got.maxResponseTimeMs()).as(as).isEqualTo(want.maxResponseTimeMs());
        assertThat(got.startTimeEpochMillis()).as(as).isEqualTo(want.startTimeEpochMillis());
        assertThat(got.lastRequestEpochMillis()).as(as).isEqualTo(want.lastRequestEpochMillis());
        assertThat(got.currentRps(T0, T0 + 60_000)).as(as).isEqualTo(want.currentRps(T0, T0 + 60_000));
        assertThat(got.currentFailPerSec(T0, T0 + 60_000)).as(as).isEqualTo(want.currentFailPerSec(T0, T0 + 60_000));
        for (double p : PERCENTILES) {
            assertThat(got.percentileMs(p)).as("%s p%s", as, p).isEqualTo(want.percentileMs(p));
        }
    }
}
