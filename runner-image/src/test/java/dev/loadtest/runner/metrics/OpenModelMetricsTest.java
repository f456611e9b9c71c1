package dev.loadtest.runner.metrics;

import dev.loadtest.runner.stats.IntendedStart;
import dev.loadtest.runner.stats.LiveStats;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class OpenModelMetricsTest {

    @Test
    void theOpenModelsSeriesStandBesideTheRawOnesUnderTheDocumentedNames() {
        AtomicLong iterations = new AtomicLong(40);
        try (RunMetrics metrics = new RunMetrics(RunMetricsTest.LABELS, "run-1", () -> 1)) {
            metrics.openModel(iterations::get, () -> 3, () -> 12.5);
            LiveStats stats = new LiveStats("runner-0", 10, metrics);
            IntendedStart.begin(1_000_000_000L); // an iteration a second late
            try {
                stats.record("GET", "/a", 2_000, 10, null);
            } finally {
                IntendedStart.end();
            }
            stats.record("GET", "/b", 2_000, 10, null); // outside an iteration: raw only

            Exposition e = Exposition.parse(metrics.scrape());
            Map<String, String> a = Map.of("method", "GET", "name", "/a");
            assertThat(e.one("loadtest_requests_seconds_sum", a).value()).isEqualTo(0.002);
            assertThat(e.one("loadtest_requests_corrected_seconds_sum", a).value()).isEqualTo(1.002);
            assertThat(e.one("loadtest_requests_corrected_seconds_count", a).value()).isEqualTo(1);
            assertThat(e.one("loadtest_requests_corrected_seconds_bucket",
                    Map.of("method", "GET", "name", "/a", "le", "1.0")).value()).isZero();
            assertThat(e.named("loadtest_requests_corrected_seconds_count")).hasSize(1);
            assertThat(e.one("loadtest_iterations_total", Map.of()).value()).isEqualTo(40);
            assertThat(e.one("loadtest_iterations_dropped_total", Map.of()).value()).isEqualTo(3);
            assertThat(e.one("loadtest_arrival_rate", Map.of()).value()).isEqualTo(12.5);
            iterations.set(41);
            assertThat(Exposition.parse(metrics.scrape()).one("loadtest_iterations_total", Map.of()).value())
                    .as("read at every scrape").isEqualTo(41);
        }
    }

    @Test
    void aClosedModelRunHasNoOpenModelSeries() {
        try (RunMetrics metrics = new RunMetrics(RunMetricsTest.LABELS, "run-1", () -> 1)) {
            new LiveStats("runner-0", 10, metrics).record("GET", "/a", 2_000, 10, null);
            String text = metrics.scrape();
            assertThat(text).doesNotContain("corrected").doesNotContain("loadtest_iterations")
                    .doesNotContain("loadtest_arrival_rate");
        }
    }
}
