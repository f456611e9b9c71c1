package dev.loadtest.api.stats;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact merge of every runner's latest snapshot, kept up to date poll by poll. Each row's histogram counts
 * summed over the runners are kept between polls; when every reply of a poll carries its runner's deltas since the
 * snapshot already counted (control protocol 3, {@link ServedSnapshots}), the poll adds only those deltas: the
 * requests of one poll interval, not every runner's whole histograms again. At 1,000 runners x 100 endpoints after a
 * minute that is a few dozen buckets per row instead of hundreds. The other figures (counts, sums, extremes,
 * per-second counts, failures) are summed from the latest snapshots every poll, as {@link StatsSnapshot#merge} does:
 * they are a few numbers per row.
 *
 * <p>Exact by construction: the kept counts are always the sum of the histograms of the snapshots this merge last
 * saw as each runner's latest. A poll adds deltas only if each runner's latest before it is the very snapshot
 * counted ({@code base} = its number, and the same object), so a reply lost, a restarted runner, a JSON reply, a
 * runner the caller dropped or a base the runner no longer holds all make that poll a full merge, which counts
 * afresh. Not thread-safe: one poll at a time, as a run's reconciles are.
 */
public final class RunningMerge {

    /**
     * Below this many runners every poll merges in full and no totals are kept: a full merge of a few runners takes
     * milliseconds, while the totals cost about 100 kB per endpoint (counts by index up to the slowest response), as
     * much as 60 runners' encoded snapshots. Hundreds of runners are where adding deltas pays.
     */
    public static final int MIN_RUNNERS = 50;

    private final int minRunners;

    /** Summed histogram counts by row, by HdrHistogram index. */
    private final Map<EndpointKey, long[]> counts = new HashMap<>();
    /** The snapshot counted in {@link #counts} for each runner (identity) and its number. */
    private final Map<String, StatsSnapshot> counted = new HashMap<>();
    private final Map<String, Long> countedSeq = new HashMap<>();
    /** This poll's replies, by runner, as received. */
    private final Map<String, StatsBinary.Reply> received = new LinkedHashMap<>();
    private boolean valid;
    private boolean lastWasIncremental;

    public RunningMerge() {
        this(MIN_RUNNERS);
    }

    /** Keeps totals and adds deltas only for runs of at least {@code minRunners} runners. */
    public RunningMerge(int minRunners) {
        this.minRunners = minRunners;
    }

    /** The number of {@code runner}'s snapshot that is counted, to ask the runner for deltas since; -1: none. */
    public long baseFor(String runner) {
        return valid ? countedSeq.getOrDefault(runner, -1L) : -1;
    }

    /** One poll's reply of {@code runner}, which the caller keeps as that runner's latest snapshot. */
    public void received(String runner, StatsBinary.Reply reply) {
        received.put(runner, reply);
    }

    /** Whether the last {@link #merge} added deltas only (true) or merged every runner's snapshot in full. */
    public boolean lastWasIncremental() {
        return lastWasIncremental;
    }

    /**
     * The merge of {@code latest} (every runner's latest snapshot, including this poll's replies given to
     * {@link #received}): the same figures as {@code StatsSnapshot.merge(runId, latest.values())}.
     */
    public StatsSnapshot merge(String runId, Map<String, StatsSnapshot> latest) {
        try {
            if (latest.size() < minRunners) {
                forget();
                lastWasIncremental = false;
                return StatsSnapshot.merge(runId, latest.values());
            }
            if (incremental(latest)) {
                lastWasIncremental = true;
                return addDeltas(runId, latest);
            }
            lastWasIncremental = false;
            return recount(runId, latest);
        } finally {
            received.clear();
        }
    }

    private void forget() {
        valid = false;
        counts.clear();
        counted.clear();
        countedSeq.clear();
    }

    private boolean incremental(Map<String, StatsSnapshot> latest) {
        if (!valid || latest.size() != counted.size()) {
            return false;
        }
        for (var e : latest.entrySet()) {
            StatsBinary.Reply reply = received.get(e.getKey());
            if (reply == null) {
                if (counted.get(e.getKey()) != e.getValue()) {
                    return false; // changed without a reply we saw
                }
            } else if (reply.snapshot() != e.getValue() || !reply.hasDeltas() || !countedSeq.containsKey(e.getKey())
                    || reply.base() != countedSeq.get(e.getKey())
                    || !java.util.Objects.equals(reply.snapshot().incarnation(), counted.get(e.getKey()).incarnation())) {
                return false; // numbers are per runner process: a restarted one starts again at 1
            }
        }
        return true;
    }

    private StatsSnapshot addDeltas(String runId, Map<String, StatsSnapshot> latest) {
        for (var e : received.entrySet()) {
            StatsSnapshot s = e.getValue().snapshot();
            for (int i = 0; i < s.entries().size(); i++) {
                byte[] delta = e.getValue().deltas().get(i);
                if (delta.length > 0) {
                    EndpointKey key = s.entries().get(i).key();
                    counts.put(key, HistogramCodec.addCounts(counts.getOrDefault(key, new long[1]), delta));
                }
            }
            counted.put(e.getKey(), s);
            countedSeq.put(e.getKey(), e.getValue().seq());
        }
        StatsSnapshot.Merger merger = new StatsSnapshot.Merger(runId).withoutHistograms();
        latest.values().forEach(merger::add);
        StatsSnapshot merged = merger.result();
        for (EndpointStats row : merged.entries()) {
            long[] c = counts.get(row.key());
            row.useCounts(c == null ? new long[0] : c.clone()); // the result is the caller's: the totals stay ours
        }
        return merged;
    }

    private StatsSnapshot recount(String runId, Map<String, StatsSnapshot> latest) {
        StatsSnapshot merged = StatsSnapshot.merge(runId, latest.values());
        counts.clear();
        for (EndpointStats row : merged.entries()) {
            counts.put(row.key(), row.countsCopy());
        }
        Map<String, StatsSnapshot> before = new HashMap<>(counted);
        Map<String, Long> beforeSeq = new HashMap<>(countedSeq);
        counted.clear();
        counted.putAll(latest);
        countedSeq.clear();
        latest.forEach((runner, s) -> {
            StatsBinary.Reply reply = received.get(runner);
            Long seq = reply != null && reply.snapshot() == s ? Long.valueOf(reply.seq())
                    : before.get(runner) == s ? beforeSeq.get(runner) : null;
            if (seq != null && seq > 0) { // 0: a runner that numbers no snapshots (JSON) is merged in full
                countedSeq.put(runner, seq);
            }
        });
        valid = true;
        return merged;
    }
}
