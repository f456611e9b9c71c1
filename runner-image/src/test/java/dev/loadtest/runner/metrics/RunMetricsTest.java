package dev.loadtest.runner.metrics;

import dev.loadtest.runner.stats.ErrorClass;
import dev.loadtest.runner.stats.LiveStats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RunMetricsTest {

    static final MetricLabels LABELS = new MetricLabels("shop", "smoke", "runner-0");
    static final Map<String, String> RUN_LABELS =
            Map.of("namespace", "shop", "loadtest", "smoke", "run_id", "run-1", "runner", "runner-0");

    @Test
    void exposesRequestsFailuresAndUsersUnderTheDocumentedNamesWithTheRunsLabels() {
        AtomicInteger users = new AtomicInteger(7);
        try (RunMetrics metrics = new RunMetrics(LABELS, "run-1", users::get)) {
            LiveStats stats = new LiveStats("runner-0", 10, metrics);
            stats.record("GET", "/a", 1_500, 10, null);
            stats.record("GET", "/a", 2_000_000, 10, "HTTP 503 for url: /a", ErrorClass.HTTP_5XX);
            stats.record("POST", "/a", 3_000, 10, "checkout answered 200 without an orderId", ErrorClass.CHECK);
            metrics.userSpawned();
            metrics.userSpawned();

            Exposition e = Exposition.parse(metrics.scrape());
            assertThat(e.one("loadtest_requests_total", Map.of("method", "GET", "name", "/a")).value()).isEqualTo(2);
            assertThat(e.one("loadtest_requests_seconds_count", Map.of("method", "GET", "name", "/a")).value())
                    .isEqualTo(2);
            assertThat(e.one("loadtest_requests_seconds_sum", Map.of("method", "GET", "name", "/a")).value())
                    .isEqualTo(2.0015);
            assertThat(e.one("loadtest_request_failures_total",
                    Map.of("method", "GET", "name", "/a", "error_class", "http_5xx")).value()).isEqualTo(1);
            assertThat(e.one("loadtest_request_failures_total",
                    Map.of("method", "POST", "name", "/a", "error_class", "check")).value()).isEqualTo(1);
            assertThat(e.named("loadtest_request_failures_total")).as("only classes that occurred").hasSize(2);
            assertThat(e.one("loadtest_users", Map.of()).value()).isEqualTo(7);
            assertThat(e.one("loadtest_users_spawned_total", Map.of()).value()).isEqualTo(2);

            users.set(3);
            assertThat(Exposition.parse(metrics.scrape()).one("loadtest_users", Map.of()).value())
                    .as("read at every scrape").isEqualTo(3);
            assertThat(e.samples()).allSatisfy(s -> assertThat(s.labels()).containsAllEntriesOf(RUN_LABELS));
        }
    }

    @Test
    void latencyBucketsAreTheFixedBoundsSoThatQuantilesAddUpAcrossPods() {
        List<String> expected = List.of("0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5",
                "1.0", "2.5", "5.0", "10.0", "30.0", "60.0", "+Inf");
        for (String runner : List.of("runner-0", "runner-1")) {
            try (RunMetrics metrics = new RunMetrics(new MetricLabels("shop", "smoke", runner), "run-1", () -> 0)) {
                // very different latencies must not change the layout (no auto-sized buckets)
                EndpointMeters meters = metrics.endpoint("GET", "/a");
                meters.record(runner.equals("runner-0") ? 200 : 45_000_000, null, System.currentTimeMillis());
                List<Exposition.Sample> buckets = Exposition.parse(metrics.scrape())
                        .named("loadtest_requests_seconds_bucket");
                assertThat(buckets).extracting(b -> b.labels().get("le")).containsExactlyElementsOf(expected);
                assertThat(buckets.getLast().value()).isEqualTo(1);
            }
        }
        assertThat(RunMetrics.LATENCY_BUCKETS).hasSize(expected.size() - 1);
    }

    @Test
    void namesPastTheCapAreCountedUnderOtherSoTheNameLabelStaysBounded() {
        try (RunMetrics metrics = new RunMetrics(LABELS, "run-1", () -> 0)) {
            LiveStats stats = new LiveStats("runner-0", 3, metrics);
            for (int i = 0; i < 50; i++) {
                stats.record("GET", "/item/" + i, 1_000, 0, i % 10 == 9 ? "HTTP 404" : null,
                        i % 10 == 9 ? ErrorClass.HTTP_4XX : null);
            }
            Exposition e = Exposition.parse(metrics.scrape());
            assertThat(e.named("loadtest_requests_total")).extracting(s -> s.labels().get("name"))
                    .containsExactlyInAnyOrder("/item/0", "/item/1", "/item/2", LiveStats.OTHER);
            assertThat(e.one("loadtest_requests_total", Map.of("name", LiveStats.OTHER)).value()).isEqualTo(47);
            assertThat(e.sum("loadtest_requests_total")).isEqualTo(50);
            assertThat(e.one("loadtest_request_failures_total", Map.of("name", LiveStats.OTHER)).value())
                    .isEqualTo(5);
        }
    }

    @Test
    void aRequestWithAnErrorButNoClassCountsAsOther() {
        try (RunMetrics metrics = new RunMetrics(LABELS, "run-1", () -> 0)) {
            new LiveStats("runner-0", 10, metrics).record("grpc", "call", 1_000, 0, "UNAVAILABLE");
            assertThat(Exposition.parse(metrics.scrape()).one("loadtest_request_failures_total", Map.of())
                    .labels()).containsEntry("error_class", "other");
        }
    }

    @Test
    void labelsMissingFromTheEnvironmentSayLocal() {
        assertThat(MetricLabels.fromEnvironment(Map.of("LOADTEST_NAMESPACE", "shop"), "runner-2"))
                .isEqualTo(new MetricLabels("shop", "local", "runner-2"));
        assertThat(MetricLabels.fromEnvironment(Map.of("LOADTEST_NAMESPACE", "shop", "LOADTEST_NAME", "smoke"), ""))
                .isEqualTo(new MetricLabels("shop", "smoke", "local"));
    }
}
