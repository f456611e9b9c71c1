package dev.loadtest.operator.web;

import dev.loadtest.api.v1alpha1.EndpointSummary;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.RunRecord;
import dev.loadtest.api.v1alpha1.RunSummary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunsSideBySideTest {

    @Test
    void theCurrentRunComesFirstAndEachRunIsComparedWithTheOneBeforeIt() {
        LoadTestStatus status = new LoadTestStatus();
        status.setRunId("r3");
        status.setPhase("Succeeded");
        status.setSummary(summary(1200, 12, 40.0, 250.0));
        status.setHistory(List.of(record("r2", 1000, 0, 50.0, 200.0), record("r1", 900, 90, 45.0, 0.0)));

        List<RunsSideBySide.Run> runs = RunsSideBySide.of(status);

        assertThat(runs).extracting(RunsSideBySide.Run::runId).containsExactly("r3", "r2", "r1");
        assertThat(runs).extracting(RunsSideBySide.Run::current).containsExactly(true, false, false);
        RunsSideBySide.Delta d = runs.getFirst().delta();
        assertThat(d.againstRunId()).isEqualTo("r2");
        assertThat(d.requests()).isEqualTo(200);
        assertThat(d.failures()).isEqualTo(12);
        assertThat(d.failRatio()).isEqualTo(0.01);
        assertThat(d.rps()).isEqualTo(-10.0);
        assertThat(d.rpsPercent()).isEqualTo(-20.0);
        assertThat(d.p95Ms()).isEqualTo(50.0);
        assertThat(d.p95Percent()).isEqualTo(25.0);
        // r1's p95 of 0 gives no percentage rather than an infinite one; the oldest run has nothing to compare with
        assertThat(runs.get(1).delta().p95Percent()).isNull();
        assertThat(runs.get(1).delta().failRatio()).isEqualTo(-0.1);
        assertThat(runs.get(2).delta()).isNull();
    }

    @Test
    void aRunAlreadyMovedIntoHistoryIsListedOnceAndARunWithoutFiguresHasNoDeltas() {
        LoadTestStatus status = new LoadTestStatus();
        status.setRunId("r2");
        status.setPhase("Running");
        status.setHistory(List.of(record("r2", 10, 0, 1.0, 1.0), record("r1", 5, 0, 1.0, 1.0)));

        List<RunsSideBySide.Run> runs = RunsSideBySide.of(status);

        assertThat(runs).extracting(RunsSideBySide.Run::runId).containsExactly("r2", "r1");
        assertThat(runs.getFirst().result()).isEqualTo("Running");
        assertThat(runs.getFirst().delta().requests()).isNull();
        assertThat(RunsSideBySide.of(new LoadTestStatus())).isEmpty();
    }

    static RunSummary summary(long requests, long failures, double rps, double p95) {
        EndpointSummary a = new EndpointSummary();
        a.setRequests(requests);
        a.setFailures(failures);
        a.setRps(rps);
        a.setP95Ms(p95);
        RunSummary s = new RunSummary();
        s.setAggregated(a);
        return s;
    }

    static RunRecord record(String runId, long requests, long failures, double rps, double p95) {
        RunRecord r = new RunRecord();
        r.setRunId(runId);
        r.setResult("Succeeded");
        r.setRequests(requests);
        r.setFailures(failures);
        r.setRps(rps);
        r.setP95Ms(p95);
        return r;
    }
}
