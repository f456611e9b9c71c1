package dev.loadtest.operator.metrics;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.RunRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static dev.loadtest.operator.metrics.RunFiguresTest.finished;
import static dev.loadtest.operator.metrics.RunFiguresTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final OperatorMetrics metrics = new OperatorMetrics(registry);
    private final List<LoadTest> cache = new ArrayList<>();

    OperatorMetricsTest() {
        Collection<LoadTest> view = cache;
        metrics.watch(() -> List.copyOf(view));
    }

    private static LoadTest loadTest(String name, String uid, LoadTestStatus status) {
        LoadTest lt = new LoadTest();
        lt.getMetadata().setNamespace("shop");
        lt.getMetadata().setName(name);
        lt.getMetadata().setUid(uid);
        lt.setStatus(status);
        return lt;
    }

    private Double gauge(String name, String loadTest, String runId) {
        var g = registry.find(name).tags("namespace", "shop", "loadtest", loadTest, "run_id", runId).gauge();
        return g == null ? null : g.value();
    }

    private List<String> runIds(String loadTest) {
        return registry.find("loadtest.run.requests").tag("loadtest", loadTest).gauges().stream()
                .map(g -> g.getId().getTag("run_id")).sorted().toList();
    }

    @Test
    void aFinishedRunBecomesFourGaugesLabelledWithItsLoadTestAndRunId() {
        LoadTestStatus s = finished("r1", "Failed", 1000, 250, 412.0, "False");
        metrics.observe(loadTest("smoke", "u1", s), s);
        assertThat(gauge("loadtest.run.requests", "smoke", "r1")).isEqualTo(1000.0);
        assertThat(gauge("loadtest.run.failure.ratio", "smoke", "r1")).isEqualTo(0.25);
        assertThat(gauge("loadtest.run.p95.seconds", "smoke", "r1")).isEqualTo(0.412);
        assertThat(gauge("loadtest.run.thresholds.met", "smoke", "r1")).isEqualTo(0.0);
    }

    @Test
    void onlyTheLastTenRunsOfALoadTestKeepTheirGauges() {
        LoadTestStatus s = finished("r1", "Succeeded", 10, 0, 1.0, "True");
        LoadTest lt = loadTest("smoke", "u1", s);
        metrics.observe(lt, s);
        List<RunRecord> history = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            history.addFirst(record("r" + i, 10L, 0L, 1.0, true));
            LoadTestStatus next = finished("r" + (i + 1), "Succeeded", 10, 0, 1.0, "True");
            next.setHistory(List.copyOf(history));
            metrics.observe(lt, next);
        }
        assertThat(runIds("smoke")).hasSize(10).doesNotContain("r1", "r2").contains("r3", "r12");
        assertThat(registry.find("loadtest.run.failure.ratio").gauges()).hasSize(10);
        assertThat(registry.find("loadtest.run.thresholds.met").gauges()).hasSize(10);
    }

    @Test
    void aDeletedLoadTestsGaugesGoAtTheNextPruneAndAnotherLoadTestsStay() {
        LoadTestStatus s = finished("r1", "Succeeded", 10, 0, 1.0, "True");
        LoadTest gone = loadTest("gone", "u1", s);
        LoadTest kept = loadTest("kept", "u2", s);
        cache.addAll(List.of(gone, kept));
        metrics.observe(gone, s);
        metrics.observe(kept, s);
        metrics.prune();
        assertThat(runIds("gone")).containsExactly("r1");

        cache.remove(gone);
        metrics.prune();
        assertThat(runIds("gone")).isEmpty();
        assertThat(registry.find("loadtest.run.p95.seconds").tag("loadtest", "gone").gauges()).isEmpty();
        assertThat(runIds("kept")).containsExactly("r1");
    }

    @Test
    void aLoadTestCreatedAgainUnderTheSameNameStartsAfresh() {
        LoadTestStatus old = finished("r1", "Succeeded", 10, 0, 1.0, "True");
        metrics.observe(loadTest("smoke", "u1", old), old);
        LoadTestStatus fresh = finished("r9", "Succeeded", 20, 0, 1.0, "True");
        metrics.observe(loadTest("smoke", "u2", fresh), fresh);
        assertThat(runIds("smoke")).containsExactly("r9");
    }

    @Test
    void loadTestsPerPhaseAreReadFromTheCacheAtEachScrape() {
        cache.add(loadTest("a", "u1", finished("r1", "Running", 0, 0, null, "Unknown")));
        assertThat(registry.get("loadtests").tag("phase", "Running").gauge().value()).isEqualTo(1.0);
        cache.add(loadTest("b", "u2", finished("r1", "Running", 0, 0, null, "Unknown")));
        assertThat(registry.get("loadtests").tag("phase", "Running").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("loadtests").tag("phase", "Succeeded").gauge().value()).isEqualTo(0.0);
    }

    @Test
    void runnerPollsAreCountedByOutcome() {
        metrics.runnerPolled(true);
        metrics.runnerPolled(true);
        metrics.runnerPolled(false);
        assertThat(registry.get("loadtest.runner.polls").tag("outcome", "success").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("loadtest.runner.polls").tag("outcome", "failure").counter().count()).isEqualTo(1.0);
    }

    @Test
    void reconcilesAreCountedAndTimedByOutcome() {
        assertThat(metrics.timeReconcile(() -> "done")).isEqualTo("done");
        assertThatThrownBy(() -> metrics.timeReconcile(() -> {
            throw new IllegalStateException("409");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(registry.get("loadtest.reconcile").tag("outcome", "success").timer().count()).isEqualTo(1);
        assertThat(registry.get("loadtest.reconcile").tag("outcome", "failure").timer().count()).isEqualTo(1);
    }
}
