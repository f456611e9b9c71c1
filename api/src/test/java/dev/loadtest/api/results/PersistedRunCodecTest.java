package dev.loadtest.api.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.report.RunHistory;
import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.api.stats.Percentiles;
import dev.loadtest.api.stats.StatsSnapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersistedRunCodecTest {

    static final long T0 = 1_767_225_600_000L;
    private static final ObjectMapper WIRE = new ObjectMapper();

    /** A runner's snapshot of {@code endpoints} endpoints with log-normal response times, as it travels (JSON). */
    static StatsSnapshot runner(String name, int endpoints, int samplesPerEndpoint, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<EndpointStats> entries = new ArrayList<>();
        List<FailureStats> failures = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            EndpointStats stats = new EndpointStats(new EndpointKey(e % 3 == 0 ? "POST" : "GET", "/api/items/" + e));
            // endpoints differ in speed and in how busy they are
            int samples = samplesPerEndpoint / (1 + e % 5);
            double median = 5_000 + 1_000 * (e % 40);
            for (int i = 0; i < samples; i++) {
                long micros = (long) (median * Math.exp(0.8 * random.nextGaussian()));
                stats.record(micros, 512, i % 97 == 0, T0 + (long) i * 60_000 / samples);
            }
            entries.add(stats);
            if (e % 10 == 0) {
                failures.add(new FailureStats(stats.key().method(), stats.key().name(), "HTTPError('500 Server Error')",
                        stats.numFailures(), T0, T0 + 60_000));
            }
        }
        StatsSnapshot local = new StatsSnapshot("run-a", name, "i1", "STOPPED", 0, Map.of(), T0 + 60_000, entries,
                failures, List.of());
        return WIRE.readValue(WIRE.writeValueAsBytes(local), StatsSnapshot.class);
    }

    static StatsSnapshot merged(int runners, int endpoints, int samples) throws Exception {
        List<StatsSnapshot> all = new ArrayList<>();
        for (int r = 0; r < runners; r++) {
            all.add(runner("runner-" + r, endpoints, samples, 42 + r));
        }
        return StatsSnapshot.merge("run-a", all);
    }

    static PersistedRun run(StatsSnapshot stats) {
        RunHistory history = new RunHistory();
        List<String> rows = new ArrayList<>();
        for (int s = 0; s < 60; s += 2) {
            history.add(T0 + s * 1000L, 10, 100 + s, 1, 12.5, 40);
            rows.add(s + ",10,,Aggregated,1,0\r\n");
        }
        return new PersistedRun(PersistedRun.FORMAT_VERSION, "team-a", "shop", "run-a", "http://shop:8080",
                "ShopUser.java", 10, 2.0, T0, T0 + 61_000, "Succeeded", "Succeeded", "Run run-a passed.", List.of(),
                true, stats, history.points(), rows, 0);
    }

    @Test
    void mergedPercentilesAndReportsReadBackExactly() throws Exception {
        StatsSnapshot merged = merged(5, 20, 4_000);
        PersistedRun before = run(merged);
        String csvBefore = before.statsCsv();
        String htmlBefore = before.html();

        PersistedRun after = PersistedRunCodec.decode(PersistedRunCodec.encode(before));

        List<EndpointStats> a = new ArrayList<>(merged.entries());
        a.add(merged.total());
        List<EndpointStats> b = new ArrayList<>(after.stats().entries());
        b.add(after.stats().total());
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).key()).isEqualTo(a.get(i).key());
            assertThat(b.get(i).numRequests()).isEqualTo(a.get(i).numRequests());
            assertThat(b.get(i).numFailures()).isEqualTo(a.get(i).numFailures());
            assertThat(b.get(i).totalResponseTimeMicros()).isEqualTo(a.get(i).totalResponseTimeMicros());
            assertThat(b.get(i).medianMs()).isEqualTo(a.get(i).medianMs());
            for (double p : Percentiles.TO_REPORT) {
                assertThat(b.get(i).percentileMs(p)).as("%s p%s", a.get(i).key(), p).isEqualTo(a.get(i).percentileMs(p));
            }
            assertThat(b.get(i).histogram()).isEqualTo(a.get(i).histogram());
        }
        assertThat(after.statsCsv()).isEqualTo(csvBefore);
        assertThat(after.failuresCsv()).isEqualTo(before.failuresCsv()).contains("HTTPError('500 Server Error')");
        assertThat(after.statsHistoryCsv()).isEqualTo(before.statsHistoryCsv()).startsWith("Timestamp,User Count,");
        assertThat(after.html()).isEqualTo(htmlBefore).contains("http://shop:8080");
        assertThat(after.reportInfo()).isEqualTo(before.reportInfo());
        assertThat(after.reference()).isEqualTo("team-a/shop/run-a");
    }

    @Test
    void thousandEndpointsOfManyRunnersFitOneConfigMap() throws Exception {
        // 20 runners x 1,000 endpoints, 0.9 million requests: runners do not add to the size (their histograms are
        // merged), the spread of each endpoint's response times does
        StatsSnapshot merged = merged(20, 1_000, 100);
        PersistedRun run = run(merged);
        long wire = WIRE.writeValueAsBytes(merged).length;

        PersistedRunCodec.Fitted fitted = PersistedRunCodec.fit(run);

        System.out.printf("1000 endpoints x 20 runners, %d requests: merged JSON %d bytes, persisted %d bytes%n",
                merged.total().numRequests(), wire, fitted.encoded().length);
        assertThat(fitted.run().foldedEndpoints()).isZero();
        assertThat(fitted.encoded().length).isLessThanOrEqualTo(PersistedRunCodec.PART_BYTES);
        assertThat(PersistedRunCodec.split(fitted.encoded())).hasSize(1);
    }

    @Test
    void aRunTooBigIsFoldedKeepingTheBusiestEndpointsAndTheAggregatedRowExact() throws Exception {
        // the rule at a tenth of the scale: 300 endpoints against a limit of 100 kB (the real one is 3.5 MiB)
        int limit = 100 * 1024;
        StatsSnapshot merged = merged(1, 300, 2_000);
        PersistedRun run = run(merged);
        byte[] whole = PersistedRunCodec.encode(run);
        assertThat(whole.length).as("the case needs folding").isGreaterThan(limit);

        PersistedRunCodec.Fitted fitted = PersistedRunCodec.fit(run, limit);

        assertThat(fitted.encoded().length).isLessThanOrEqualTo(limit);
        PersistedRun back = PersistedRunCodec.decode(fitted.encoded());
        assertThat(back.foldedEndpoints()).isPositive();
        int kept = back.stats().entries().size() - 1;
        assertThat(back.stats().entries()).anySatisfy(e -> assertThat(e.key().name())
                .isEqualTo("Other (" + back.foldedEndpoints() + " endpoints)"));
        assertThat(kept + back.foldedEndpoints()).isEqualTo(300);
        EndpointStats total = merged.total();
        EndpointStats totalBack = back.stats().total();
        assertThat(totalBack.numRequests()).isEqualTo(total.numRequests());
        for (double p : Percentiles.TO_REPORT) {
            assertThat(totalBack.percentileMs(p)).isEqualTo(total.percentileMs(p));
        }
        // the busiest endpoint is kept, with its own figures
        EndpointStats busiest = merged.entries().stream()
                .max(java.util.Comparator.comparingLong(EndpointStats::numRequests)).orElseThrow();
        assertThat(back.stats().entries()).anySatisfy(e -> {
            assertThat(e.key()).isEqualTo(busiest.key());
            assertThat(e.percentileMs(0.99)).isEqualTo(busiest.percentileMs(0.99));
        });
    }

    @Test
    void partsOfSeveralConfigMapsAreReadBackInAnyOrder() throws Exception {
        StatsSnapshot merged = merged(1, 100, 2_000);
        PersistedRunCodec.Fitted fitted = PersistedRunCodec.fit(run(merged));
        int partBytes = 16 * 1024;
        OwnerReference owner = new OwnerReference("loadtest.dev/v1alpha1", true, true, "LoadTest", "shop", "uid-1");
        Map<String, String> labels = Map.of(ResultsConfigMaps.COMPONENT_LABEL, ResultsConfigMaps.COMPONENT,
                ResultsConfigMaps.RUN_ID_LABEL, "run-a");
        List<ConfigMap> maps = ResultsConfigMaps.desired("team-a", i -> "shop-run-a-results-" + i, labels, Map.of(),
                owner, fitted.encoded(), partBytes);

        assertThat(maps.size()).isGreaterThan(1);
        for (ConfigMap m : maps) {
            byte[] part = java.util.Base64.getDecoder().decode(m.getBinaryData().get(ResultsConfigMaps.DATA_KEY));
            assertThat(part.length).isLessThanOrEqualTo(partBytes);
        }
        List<ConfigMap> shuffled = new ArrayList<>(maps);
        java.util.Collections.reverse(shuffled);
        assertThat(ResultsConfigMaps.complete(shuffled)).isTrue();
        assertThat(ResultsConfigMaps.read(shuffled).statsCsv()).isEqualTo(fitted.run().statsCsv());

        List<ConfigMap> missing = shuffled.subList(1, shuffled.size());
        assertThat(ResultsConfigMaps.complete(missing)).isFalse();
        assertThatThrownBy(() -> ResultsConfigMaps.read(missing)).hasMessageContaining("is missing");
    }

    @Test
    void bytesThatAreNotAPersistedRunAreRefusedWithAReason() {
        assertThatThrownBy(() -> PersistedRunCodec.decode("not gzip".getBytes()))
                .hasMessageContaining("the persisted results cannot be read");
    }
}
