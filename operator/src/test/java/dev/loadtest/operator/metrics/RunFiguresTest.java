package dev.loadtest.operator.metrics;

import dev.loadtest.api.v1alpha1.EndpointSummary;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.RunRecord;
import dev.loadtest.api.v1alpha1.RunSummary;
import dev.loadtest.operator.status.Conditions;
import dev.loadtest.operator.status.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RunFiguresTest {

    static LoadTestStatus finished(String runId, String phase, long requests, long failures, Double p95Ms,
                                   String thresholdsMet) {
        LoadTestStatus s = new LoadTestStatus();
        s.setRunId(runId);
        s.setPhase(phase);
        RunSummary summary = new RunSummary();
        EndpointSummary agg = new EndpointSummary();
        agg.setRequests(requests);
        agg.setFailures(failures);
        agg.setP95Ms(p95Ms);
        summary.setAggregated(agg);
        s.setSummary(summary);
        Condition c = new Condition();
        c.setType(Conditions.THRESHOLDS_MET);
        c.setStatus(thresholdsMet);
        s.setConditions(List.of(c));
        return s;
    }

    static RunRecord record(String runId, Long requests, Long failures, Double p95Ms, Boolean met) {
        RunRecord r = new RunRecord();
        r.setRunId(runId);
        r.setRequests(requests);
        r.setFailures(failures);
        r.setP95Ms(p95Ms);
        r.setThresholdsMet(met);
        return r;
    }

    @Test
    void aFinishedRunsFiguresComeFromItsAggregatedSummary() {
        LoadTestStatus s = finished("r2", "Failed", 1000, 250, 412.0, "False");
        assertThat(RunFigures.recentRuns(s, 10)).containsExactly(new RunFigures("r2", 1000, 0.25, 0.412, false));
        s = finished("r3", "Succeeded", 40, 0, 12.5, "True");
        assertThat(RunFigures.recentRuns(s, 10)).containsExactly(new RunFigures("r3", 40, 0.0, 0.0125, true));
    }

    @Test
    void aRunInProgressHasNoFiguresYetButItsPredecessorsDo() {
        LoadTestStatus s = finished("r3", "Running", 10, 0, 5.0, "Unknown");
        s.setHistory(List.of(record("r2", 100L, 1L, 50.0, true), record("r1", 200L, 0L, 60.0, false)));
        assertThat(RunFigures.recentRuns(s, 10)).containsExactly(
                new RunFigures("r2", 100, 0.01, 0.05, true), new RunFigures("r1", 200, 0.0, 0.06, false));
    }

    @Test
    void newestFirstAndAtMostTheLimit() {
        LoadTestStatus s = finished("r12", "Succeeded", 10, 0, 5.0, "True");
        List<RunRecord> history = new ArrayList<>();
        IntStream.iterate(11, i -> i >= 1, i -> i - 1).forEach(i -> history.add(record("r" + i, 10L, 0L, 1.0, true)));
        s.setHistory(history);
        assertThat(RunFigures.recentRuns(s, 10)).extracting(RunFigures::runId)
                .containsExactly("r12", "r11", "r10", "r9", "r8", "r7", "r6", "r5", "r4", "r3");
    }

    @Test
    void runsWithoutStatisticsAreLeftOutAndARunWithoutRequestsHasNoP95() {
        LoadTestStatus s = new LoadTestStatus();
        s.setRunId("r3");
        s.setPhase("Failed"); // e.g. the loadfile did not compile: no summary
        s.setHistory(List.of(record("r2", 0L, 0L, null, null), record("r1", null, null, null, null)));
        assertThat(RunFigures.recentRuns(s, 10)).containsExactly(new RunFigures("r2", 0, 0.0, null, false));
        assertThat(RunFigures.recentRuns(null, 10)).isEmpty();
    }

    @Test
    void loadTestsAreCountedPerPhaseWithEveryPhasePresent() {
        LoadTest running = new LoadTest();
        running.setStatus(finished("a", "Running", 0, 0, null, "Unknown"));
        LoadTest failed = new LoadTest();
        failed.setStatus(finished("b", "Failed", 0, 0, null, "False"));
        LoadTest fresh = new LoadTest(); // no status yet
        assertThat(RunFigures.countByPhase(List.of(running, failed, fresh, running)))
                .containsEntry(Phase.Pending, 1L).containsEntry(Phase.Starting, 0L).containsEntry(Phase.Running, 2L)
                .containsEntry(Phase.Stopping, 0L).containsEntry(Phase.Succeeded, 0L).containsEntry(Phase.Failed, 1L)
                .hasSize(Phase.values().length);
    }
}
