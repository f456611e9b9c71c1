package dev.loadtest.operator.web;

import dev.loadtest.api.report.Summaries;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.RunSummary;
import dev.loadtest.api.v1alpha1.ThresholdResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read-only hook between the run coordinator and the web UI: at every poll the coordinator hands over the
 * statistics it has just merged for status, and the UI reads them from here. So the page costs the runners
 * nothing (no extra poll) and shows exactly the operator's own merge. Only the table's rows are kept (a few
 * hundred bytes per endpoint), never the merged histograms.
 *
 * <p>One instance per process ({@link #shared()}): the reconciler builds its coordinator by hand, and a shared
 * holder keeps the coordinator's side of this hook to one line.
 */
public final class LiveRuns {

    /** Rows kept per run: Locust's web UI also lists at most 500. */
    static final int MAX_ROWS = 500;

    /**
     * How long a run's live figures outlast its last poll. Then the page shows status (Aggregated and the busiest
     * 20 endpoints) and the run's files; and the figures of a LoadTest deleted while nobody looked are gone.
     */
    static final long KEEP_MILLIS = 60 * 60 * 1000;

    private static final LiveRuns SHARED = new LiveRuns();

    /** By LoadTest uid: a LoadTest deleted and created again under its name starts afresh. */
    private final Map<String, LiveRun> byUid = new ConcurrentHashMap<>();

    public static LiveRuns shared() {
        return SHARED;
    }

    /**
     * What the coordinator merged for {@code runId} at {@code nowMillis}, with the summary it chose for status.
     * When that summary counts more requests than the merge (runners that held part of the figures are gone and
     * this instance never polled them), status has the better figures and the page shows those instead.
     */
    public void publish(LoadTest loadTest, String runId, StatsSnapshot merged, RunSummary summary, int users,
                        List<ThresholdResult> thresholds, long nowMillis) {
        String uid = loadTest.getMetadata().getUid();
        if (uid == null) {
            return;
        }
        EndpointStats total = merged.total();
        Long written = summary == null || summary.getAggregated() == null ? null : summary.getAggregated().getRequests();
        if (written != null && written > total.numRequests()) {
            byUid.remove(uid);
            return;
        }
        byUid.put(uid, of(runId, merged, total, summary, users, thresholds, nowMillis));
        byUid.values().removeIf(r -> r.updatedMillis() < nowMillis - KEEP_MILLIS);
    }

    public Optional<LiveRun> of(String uid) {
        return Optional.ofNullable(byUid.get(uid));
    }

    /** Forgets the runs of LoadTests that are no longer watched (deleted). */
    public void retain(Collection<String> uids) {
        Set<String> keep = Set.copyOf(uids);
        byUid.keySet().removeIf(uid -> !keep.contains(uid));
    }

    static LiveRun of(String runId, StatsSnapshot merged, EndpointStats total, RunSummary summary, int users,
                      List<ThresholdResult> thresholds, long nowMillis) {
        long start = total.startTimeEpochMillis();
        long last = total.lastRequestEpochMillis();
        List<LiveRow> rows = new ArrayList<>();
        for (EndpointStats e : Summaries.locustOrder(merged)) {
            if (rows.size() == MAX_ROWS) {
                break;
            }
            rows.add(LiveRow.of(e, start, last, nowMillis));
        }
        rows.add(LiveRow.of(total, start, last, nowMillis));
        return new LiveRun(runId, nowMillis, users, rows, merged.entries().size(),
                summary == null || summary.getFailures() == null ? List.of() : summary.getFailures(),
                merged.totalExceptions(), thresholds);
    }
}
