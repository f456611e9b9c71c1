package dev.loadtest.operator.runner;

import dev.loadtest.api.stats.StatsSnapshot;

import java.util.List;

/**
 * Merges runners' snapshots one at a time, so that at most the running total and one decoded snapshot are in
 * memory: a decoded snapshot of 100 endpoints holds 100 HdrHistograms of several MB in all, and a run may have
 * 100 runners. The merge itself is api's exact {@link StatsSnapshot#merge}.
 */
public final class MergedStats {

    private final String runId;
    private StatsSnapshot total;

    public MergedStats(String runId) {
        this.runId = runId;
    }

    public void add(StatsSnapshot snapshot) {
        total = StatsSnapshot.merge(runId, total == null ? List.of(snapshot) : List.of(total, snapshot));
    }

    /** The merge of everything added; an empty snapshot when nothing was. */
    public StatsSnapshot result() {
        return total != null ? total : StatsSnapshot.merge(runId, List.of());
    }
}
