package dev.loadtest.api.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpenModelStatsTest {

    private static final EndpointKey ITEMS = new EndpointKey("GET", "/items");

    /** A runner's snapshot whose corrected rows hold {@code corrected} and raw rows the same minus a lag. */
    private static StatsSnapshot runner(String id, long[] corrected, long dropped) {
        EndpointStats raw = new EndpointStats(ITEMS);
        EndpointStats cor = new EndpointStats(ITEMS);
        for (long v : corrected) {
            raw.record(Math.min(v, 2000), 10, false, 1_000_000);
            cor.record(v, 10, false, 1_000_000);
        }
        return new StatsSnapshot("run", id, "i-" + id, "RUNNING", 3, Map.of("U", 3), 1_000_000, List.of(raw),
                List.of(), List.of(), null, new OpenModelStats(50, corrected.length + 7, dropped, List.of(cor)));
    }

    private static long[] values(int n, long from, long step) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = from + i * step;
        }
        return v;
    }

    @Test
    void mergingRunnersGivesTheCorrectedPercentilesOfOneProcessThatSawEverything() {
        long[] a = values(5000, 1000, 97);
        long[] b = values(3000, 500_000, 313);
        StatsSnapshot merged = StatsSnapshot.merge("run", List.of(runner("a", a, 4), runner("b", b, 6)));

        EndpointStats one = new EndpointStats(ITEMS);
        List<long[]> all = new ArrayList<>(List.of(a, b));
        all.forEach(vs -> {
            for (long v : vs) {
                one.record(v, 10, false, 1_000_000);
            }
        });
        OpenModelStats open = merged.openModel();
        assertThat(open.arrivalRate()).isEqualTo(100);
        assertThat(open.iterations()).isEqualTo(5000 + 7 + 3000 + 7);
        assertThat(open.dropped()).isEqualTo(10);
        EndpointStats corrected = open.correctedTotal();
        assertThat(corrected.histogram()).isEqualTo(one.histogram());
        for (double p : new double[]{0.5, 0.9, 0.99, 0.999, 1.0}) {
            assertThat(corrected.percentileMs(p)).as("p%s", p).isEqualTo(one.percentileMs(p));
        }
        // the raw rows are merged beside them, untouched by the correction
        assertThat(merged.total().maxResponseTimeMs()).isEqualTo(2.0);
        assertThat(corrected.maxResponseTimeMs()).isGreaterThan(1000);
    }

    @Test
    void aClosedModelRunHasNoOpenModelFiguresAndItsJsonHasNoSuchField() throws Exception {
        StatsSnapshot closed = new StatsSnapshot("run", "r", "i", "RUNNING", 1, Map.of(), 1, List.of(), List.of(),
                List.of());
        assertThat(StatsSnapshot.merge("run", List.of(closed, closed)).openModel()).isNull();
        assertThat(new ObjectMapper().writeValueAsString(closed)).doesNotContain("openModel");
    }

    @Test
    void survivesAJsonRoundTripExactly() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        StatsSnapshot original = runner("a", values(2000, 1000, 1001), 3);
        StatsSnapshot back = mapper.readValue(mapper.writeValueAsString(original), StatsSnapshot.class);
        assertThat(back.openModel().dropped()).isEqualTo(3);
        assertThat(back.openModel().iterations()).isEqualTo(2007);
        assertThat(back.openModel().correctedTotal().histogram())
                .isEqualTo(original.openModel().correctedTotal().histogram());
    }
}
