package dev.loadtest.operator.runner;

import dev.loadtest.api.stats.StatsSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges runners' snapshots a few at a time, so that memory holds the running total and at most {@link #BATCH}
 * decoded snapshots: a decoded snapshot of 100 endpoints holds 100 HdrHistograms, and a run may have 100
 * runners. Batches, not one at a time, because each merge copies the running total. The merge itself is api's
 * exact {@link StatsSnapshot#merge}.
 */
public final class MergedStats {

    static final int BATCH = 10;

    private final String runId;
    private final List<StatsSnapshot> pending = new ArrayList<>(BATCH + 1);
    private StatsSnapshot total;

    public MergedStats(String runId) {
        this.runId = runId;
    }

    public void add(StatsSnapshot snapshot) {
        pending.add(snapshot);
        if (pending.size() >= BATCH) {
            flush();
        }
    }

    /** The merge of everything added; an empty snapshot when nothing was. */
    public StatsSnapshot result() {
        flush();
        return total != null ? total : StatsSnapshot.merge(runId, List.of());
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        if (total != null) {
            pending.addFirst(total);
        }
        total = StatsSnapshot.merge(runId, pending);
        pending.clear();
    }
}
