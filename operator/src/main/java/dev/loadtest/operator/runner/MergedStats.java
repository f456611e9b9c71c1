package dev.loadtest.operator.runner;

import dev.loadtest.api.stats.StatsSnapshot;

/**
 * Merges runners' snapshots as they are decoded, one at a time, into api's in-place {@link StatsSnapshot.Merger}:
 * memory holds the running totals and one runner's snapshot, and nothing is copied. A runner's histograms stay
 * in their encoding and are added bucket by bucket, so a run of 100 runners x 100 endpoints stays cheap.
 */
public final class MergedStats {

    private final StatsSnapshot.Merger merger;

    public MergedStats(String runId) {
        this.merger = new StatsSnapshot.Merger(runId);
    }

    public void add(StatsSnapshot snapshot) {
        merger.add(snapshot);
    }

    /** The merge of everything added; an empty snapshot when nothing was. */
    public StatsSnapshot result() {
        return merger.result();
    }
}
