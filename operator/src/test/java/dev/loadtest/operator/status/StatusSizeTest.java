package dev.loadtest.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.report.Summaries;
import dev.loadtest.api.report.Thresholds;
import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.ExceptionStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.RunRecord;
import dev.loadtest.api.v1alpha1.Threshold;
import dev.loadtest.api.v1alpha1.ThresholdMetric;
import dev.loadtest.api.v1alpha1.ThresholdResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A LoadTest's status holds runner counts, never a list of runners, and a summary bounded in endpoints,
 * failures and text: its size does not grow with the run. Measured on what the aggregator writes, for a run of
 * 1,000 runners x 100 endpoints with the worst text a run can produce (whole URLs as names, whole response
 * bodies as errors, a different error per runner) and a full history.
 */
class StatusSizeTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final int ENDPOINTS = 100;
    private static final int HISTORY = 10;

    private static StatsSnapshot runner(int r) {
        List<EndpointStats> rows = new ArrayList<>();
        for (int e = 0; e < ENDPOINTS; e++) {
            EndpointStats row = new EndpointStats(new EndpointKey("GET", "/search/" + e + "?q=" + "x".repeat(2000)));
            row.record(1000L + r + e, 100, e == 0, 1_000_000 + r);
            rows.add(row);
        }
        FailureStats failure = new FailureStats("GET", rows.get(0).key().name(),
                "HTTP 500 from runner-" + r + ": " + "<html>".repeat(1000), 1, 1_000_000, 1_000_000);
        ExceptionStats exception = new ExceptionStats(1, "boom " + r, "java.lang.IllegalStateException: boom\n\tat X",
                new TreeSet<>(List.of("runner-" + r)));
        return new StatsSnapshot("run-1", "runner-" + r, "i" + r, "RUNNING", 10, Map.of("ShopUser", 10),
                1_060_000, rows, List.of(failure), List.of(exception));
    }

    private static byte[] status(int runners) throws Exception {
        StatsSnapshot.Merger merger = new StatsSnapshot.Merger("run-1");
        for (int r = 0; r < runners; r++) {
            merger.add(runner(r));
        }
        StatsSnapshot merged = merger.result();
        assertThat(merged.total().numRequests()).isEqualTo((long) runners * ENDPOINTS);
        Threshold p95 = new Threshold();
        p95.setMetric(ThresholdMetric.p95);
        p95.setBelow(300.0);
        List<ThresholdResult> results = Thresholds.evaluate(List.of(p95), merged);
        RunObservation obs = RunObservation.builder("run-1", Phase.Running, Conditions.Reasons.RUNNING,
                        "Running " + runners + " runners.")
                .runners(runners, runners, 0).users(merged.userCount()).startTime(T0)
                .summary(Summaries.of(merged, 1_060_000)).thresholds(true, results).drift(List.of()).build();
        LoadTestStatus previous = new LoadTestStatus();
        List<RunRecord> history = new ArrayList<>();
        for (int i = 0; i < HISTORY; i++) {
            RunRecord record = new RunRecord();
            record.setRunId("run-0-" + i);
            record.setReason("ThresholdsNotMet");
            record.setRequests(1_000_000L);
            history.add(record);
        }
        previous.setRunId("run-0");
        previous.setHistory(history);
        LoadTestStatus next = LoadTestStatusAggregator.next(previous, 1, obs, T0, HISTORY);
        assertThat(next.getHistory()).hasSize(HISTORY);
        return new ObjectMapper().writeValueAsBytes(next);
    }

    @Test
    void theStatusOfAThousandRunnersStaysUnder100KbAndDoesNotGrowWithRunners() throws Exception {
        byte[] ten = status(10);
        byte[] thousand = status(1000);
        System.out.printf("[status-size] status JSON: %d bytes at 10 runners, %d bytes at 1,000 runners x %d endpoints%n",
                ten.length, thousand.length, ENDPOINTS);

        assertThat(thousand.length).as("status bytes at 1,000 runners x 100 endpoints").isLessThan(100_000);
        // only numbers change with the runner count (digits of counts, rates and latencies)
        assertThat(Math.abs(thousand.length - ten.length)).as("growth from 10 to 1,000 runners").isLessThan(1_000);
        assertThat(new String(thousand)).doesNotContain("runner-999\"").doesNotContain("runner-500:");
    }
}
