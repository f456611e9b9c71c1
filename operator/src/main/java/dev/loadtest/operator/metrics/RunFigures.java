package dev.loadtest.operator.metrics;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.RunRecord;
import dev.loadtest.operator.status.LoadTestStatusAggregator;
import dev.loadtest.operator.status.Phase;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The final figures of a finished run, as the operator's {@code loadtest_run_*} gauges show them; pure, from a
 * LoadTest's status. {@code p95Seconds} is null when the run has no p95 (no requests).
 */
public record RunFigures(String runId, long requests, double failureRatio, Double p95Seconds, boolean thresholdsMet) {

    /**
     * The finished runs of a status, newest first, at most {@code limit}: the current run if it has finished, then
     * the history. Runs that ended before any statistics came in (no request count) have no figures and are left out.
     */
    public static List<RunFigures> recentRuns(LoadTestStatus status, int limit) {
        List<RunFigures> runs = new ArrayList<>();
        if (status == null) {
            return runs;
        }
        Phase phase = Phase.parse(status.getPhase());
        if (phase != null && !phase.inProgress() && status.getRunId() != null) {
            add(runs, LoadTestStatusAggregator.record(status));
        }
        if (status.getHistory() != null) {
            status.getHistory().forEach(r -> add(runs, r));
        }
        return runs.size() <= limit ? runs : List.copyOf(runs.subList(0, limit));
    }

    private static void add(List<RunFigures> into, RunRecord r) {
        if (r.getRunId() == null || r.getRequests() == null
                || into.stream().anyMatch(f -> f.runId().equals(r.getRunId()))) {
            return;
        }
        long requests = r.getRequests();
        long failures = r.getFailures() == null ? 0 : r.getFailures();
        double ratio = requests == 0 ? 0 : (double) failures / requests;
        Double p95 = r.getP95Ms() == null ? null : r.getP95Ms() / 1000.0;
        into.add(new RunFigures(r.getRunId(), requests, ratio, p95, Boolean.TRUE.equals(r.getThresholdsMet())));
    }

    /** LoadTests per phase, every phase present; a LoadTest without a phase yet counts as Pending. */
    public static Map<Phase, Long> countByPhase(Collection<LoadTest> loadTests) {
        Map<Phase, Long> counts = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            counts.put(p, 0L);
        }
        for (LoadTest lt : loadTests) {
            Phase p = lt.getStatus() == null ? null : Phase.parse(lt.getStatus().getPhase());
            counts.merge(p == null ? Phase.Pending : p, 1L, Long::sum);
        }
        return counts;
    }
}
