package dev.loadtest.operator.web;

import dev.loadtest.api.report.Summaries;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.RunRecord;
import dev.loadtest.operator.status.LoadTestStatusAggregator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A LoadTest's runs side by side, newest first: the current (or last) run from status, then status.history, each
 * with its change against the run before it. Pure.
 */
public final class RunsSideBySide {

    /**
     * One run and its change against the previous one.
     *
     * @param current whether this is the run status describes now (its figures may still move)
     * @param delta   against the next older run; null for the oldest
     */
    public record Run(String runId, String startTime, String completionTime, String result, String reason,
                      Long requests, Long failures, Double failRatio, Double rps, Double p95Ms, Boolean thresholdsMet,
                      boolean current, Delta delta) {
    }

    /**
     * Newer minus older; the percentages are relative to the older run (null where it had nothing to compare).
     */
    public record Delta(String againstRunId, Long requests, Long failures, Double failRatio, Double rps, Double rpsPercent,
                        Double p95Ms, Double p95Percent) {
    }

    private RunsSideBySide() {
    }

    public static List<Run> of(LoadTestStatus status) {
        List<RunRecord> records = new ArrayList<>();
        if (status != null && status.getRunId() != null) {
            records.add(LoadTestStatusAggregator.record(status));
        }
        if (status != null && status.getHistory() != null) {
            status.getHistory().stream()
                    .filter(r -> records.stream().noneMatch(seen -> Objects.equals(seen.getRunId(), r.getRunId())))
                    .forEach(records::add);
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            RunRecord r = records.get(i);
            Delta delta = i + 1 < records.size() ? delta(r, records.get(i + 1)) : null;
            runs.add(new Run(r.getRunId(), r.getStartTime(), r.getCompletionTime(), r.getResult(), r.getReason(),
                    r.getRequests(), r.getFailures(), failRatio(r), r.getRps(), r.getP95Ms(), r.getThresholdsMet(),
                    i == 0 && status.getRunId() != null, delta));
        }
        return runs;
    }

    static Delta delta(RunRecord newer, RunRecord older) {
        Double ratioNew = failRatio(newer);
        Double ratioOld = failRatio(older);
        return new Delta(older.getRunId(), minus(newer.getRequests(), older.getRequests()),
                minus(newer.getFailures(), older.getFailures()),
                ratioNew == null || ratioOld == null ? null : Summaries.round(ratioNew - ratioOld, 4),
                minus(newer.getRps(), older.getRps(), 2), percent(newer.getRps(), older.getRps()),
                minus(newer.getP95Ms(), older.getP95Ms(), 3), percent(newer.getP95Ms(), older.getP95Ms()));
    }

    private static Double failRatio(RunRecord r) {
        if (r.getRequests() == null || r.getRequests() == 0) {
            return null;
        }
        return Summaries.round((r.getFailures() == null ? 0 : r.getFailures()) / (double) r.getRequests(), 4);
    }

    private static Long minus(Long a, Long b) {
        return a == null || b == null ? null : a - b;
    }

    private static Double minus(Double a, Double b, int decimals) {
        return a == null || b == null ? null : Summaries.round(a - b, decimals);
    }

    private static Double percent(Double newer, Double older) {
        return newer == null || older == null || older == 0 ? null : Summaries.round((newer - older) * 100 / older, 1);
    }
}
