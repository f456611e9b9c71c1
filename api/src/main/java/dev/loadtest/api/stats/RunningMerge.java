package dev.loadtest.api.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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
 * afresh. One poll at a time, as a run's reconciles are; {@link #prepare} may run on other threads meanwhile.
 */
public final class RunningMerge {

    /**
     * Below this many runners every poll merges in full and no totals are kept: a full merge of a few runners takes
     * milliseconds, while the totals cost about 100 kB per endpoint (counts by index up to the slowest response), as
     * much as 60 runners' encoded snapshots. Hundreds of runners are where adding deltas pays.
     */
    public static final int MIN_RUNNERS = 50;

    private final int minRunners;

    /**
     * Each endpoint's place in the totals, for the whole run: a row's slot is looked up once, when its reply arrives
     * (its key just decoded, still in the CPU's cache), so that merging never hashes the 100,000 rows of 1,000 runners
     * again, which made a fifth of a poll's merge.
     */
    private final Map<EndpointKey, Integer> slots = new HashMap<>();
    private final List<EndpointKey> slotKeys = new ArrayList<>();
    /** Summed histogram counts by slot, by HdrHistogram index; null: none yet. */
    private long[][] counts = new long[0][];
    /** The snapshot counted in {@link #counts} for each runner (identity), its number and its rows' slots. */
    private final Map<String, StatsSnapshot> counted = new HashMap<>();
    private final Map<String, Long> countedSeq = new HashMap<>();
    private final Map<String, int[]> countedSlots = new HashMap<>();
    /** The same for failure rows, keyed by (method, name, error). */
    private final Map<FailureStats.Key, Integer> failureSlots = new HashMap<>();
    private final Map<String, int[]> countedFailureSlots = new HashMap<>();
    /** This poll's replies, by runner, as received, with their rows' slots. */
    private final Map<String, Arrival> received = new LinkedHashMap<>();
    /** Replies whose slots were looked up as they arrived ({@link #prepare}), until {@link #received}. */
    private final Map<StatsBinary.Reply, Arrival> prepared = new IdentityHashMap<>();
    private boolean valid;
    private boolean lastWasIncremental;

    /** A reply and the slot of each of its rows and failure rows. */
    private record Arrival(StatsBinary.Reply reply, int[] slots, int[] failureSlots) {
    }

    public RunningMerge() {
        this(MIN_RUNNERS);
    }

    /** Keeps totals and adds deltas only for runs of at least {@code minRunners} runners. */
    public RunningMerge(int minRunners) {
        this.minRunners = minRunners;
    }

    /** The number of {@code runner}'s snapshot that is counted, to ask the runner for deltas since; -1: none. */
    public synchronized long baseFor(String runner) {
        return valid ? countedSeq.getOrDefault(runner, -1L) : -1;
    }

    /**
     * Looks up where each row of a reply goes in the totals. Best called by the thread that has just decoded it, while
     * its keys are still in that core's cache (the operator calls it on the HTTP client's threads as replies arrive,
     * while later ones are on their way); any thread may. {@link #received} then finds it done.
     */
    public synchronized void prepare(StatsBinary.Reply reply) {
        prepared.put(reply, arrival(reply));
    }

    /** One poll's reply of {@code runner}, which the caller keeps as that runner's latest snapshot. */
    public synchronized void received(String runner, StatsBinary.Reply reply) {
        Arrival arrival = prepared.remove(reply);
        received.put(runner, arrival != null ? arrival : arrival(reply));
    }

    private Arrival arrival(StatsBinary.Reply reply) {
        return new Arrival(reply, slotsOf(reply.snapshot()), failureSlotsOf(reply.snapshot()));
    }

    private int[] failureSlotsOf(StatsSnapshot s) {
        int[] rows = new int[s.failures().size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = failureSlots.computeIfAbsent(s.failures().get(i).key(), key -> failureSlots.size());
        }
        return rows;
    }

    private int[] slotsOf(StatsSnapshot s) {
        int[] rows = new int[s.entries().size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = slots.computeIfAbsent(s.entries().get(i).key(), key -> {
                slotKeys.add(key);
                return slotKeys.size() - 1;
            });
        }
        return rows;
    }

    /** Whether the last {@link #merge} added deltas only (true) or merged every runner's snapshot in full. */
    public synchronized boolean lastWasIncremental() {
        return lastWasIncremental;
    }

    /**
     * The merge of {@code latest} (every runner's latest snapshot, including this poll's replies given to
     * {@link #received}): the same figures as {@code StatsSnapshot.merge(runId, latest.values())}.
     */
    public synchronized StatsSnapshot merge(String runId, Map<String, StatsSnapshot> latest) {
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
            prepared.clear(); // a reply prepared but never received (it came too late): its slots may be forgotten
        }
    }

    private void forget() {
        valid = false;
        slots.clear();
        slotKeys.clear();
        counts = new long[0][];
        counted.clear();
        countedSeq.clear();
        countedSlots.clear();
        failureSlots.clear();
        countedFailureSlots.clear();
    }

    private boolean incremental(Map<String, StatsSnapshot> latest) {
        if (!valid || latest.size() != counted.size() || !latest.keySet().containsAll(received.keySet())) {
            return false;
        }
        for (var e : latest.entrySet()) {
            Arrival arrival = received.get(e.getKey());
            StatsBinary.Reply reply = arrival == null ? null : arrival.reply();
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

    /**
     * Adds this poll's deltas to the kept counts and sums the other figures of every runner's latest rows, endpoint by
     * endpoint: an endpoint's counts (up to ~100 kB) then stay in the CPU's cache while every runner's delta is added to
     * them. Adding runner by runner touched 100 such arrays per runner, 11 MB in all, for a few dozen buckets each:
     * that, not the additions, was most of a poll's merge at 1,000 runners. Each endpoint is summed by one thread, in
     * the runners' order, as {@link StatsSnapshot.Merger} sums it, so the figures are the same bit for bit.
     */
    private StatsSnapshot addDeltas(String runId, Map<String, StatsSnapshot> latest) {
        int n = slotKeys.size();
        if (counts.length < n) {
            counts = Arrays.copyOf(counts, n);
        }
        int runners = latest.size();
        // by slot: every runner's latest row, in the runners' order, and this poll's deltas
        EndpointStats[][] rows = new EndpointStats[n][];
        int[] rowCount = new int[n];
        byte[][][] deltas = new byte[n][][];
        int[] deltaCount = new int[n];
        // by failure slot: the first row seen (its texts), occurrences summed, first and last seen
        FailureStats[] failures = new FailureStats[failureSlots.size()];
        long[] occurrences = new long[failures.length];
        long[] firstSeen = new long[failures.length];
        long[] lastSeen = new long[failures.length];
        StatsSnapshot.Merger merger = new StatsSnapshot.Merger(runId);
        long parts = 0;
        for (var e : latest.entrySet()) {
            StatsSnapshot s = e.getValue();
            Arrival arrival = received.get(e.getKey());
            int[] rowSlots = arrival == null ? countedSlots.get(e.getKey()) : arrival.slots();
            List<EndpointStats> entries = s.entries();
            List<byte[]> replyDeltas = arrival == null ? null : arrival.reply().deltas();
            for (int i = 0; i < rowSlots.length; i++) {
                int slot = rowSlots[i];
                if (rows[slot] == null) {
                    rows[slot] = new EndpointStats[runners];
                } else if (rowCount[slot] == rows[slot].length) { // a runner that sent one endpoint twice
                    rows[slot] = Arrays.copyOf(rows[slot], 2 * rowCount[slot]);
                }
                rows[slot][rowCount[slot]++] = entries.get(i);
                if (replyDeltas != null && replyDeltas.get(i).length > 0) {
                    if (deltas[slot] == null) {
                        deltas[slot] = new byte[runners][];
                    } else if (deltaCount[slot] == deltas[slot].length) {
                        deltas[slot] = Arrays.copyOf(deltas[slot], 2 * deltaCount[slot]);
                    }
                    deltas[slot][deltaCount[slot]++] = replyDeltas.get(i);
                }
            }
            parts += rowSlots.length;
            int[] fSlots = arrival == null ? countedFailureSlots.get(e.getKey()) : arrival.failureSlots();
            List<FailureStats> fs = s.failures();
            for (int i = 0; i < fSlots.length; i++) { // FailureStats.merge, without a new row for each runner
                int slot = fSlots[i];
                FailureStats f = fs.get(i);
                if (failures[slot] == null) {
                    failures[slot] = f;
                    firstSeen[slot] = f.firstSeenEpochMillis();
                    lastSeen[slot] = f.lastSeenEpochMillis();
                }
                occurrences[slot] += f.occurrences();
                firstSeen[slot] = Math.min(firstSeen[slot], f.firstSeenEpochMillis());
                lastSeen[slot] = Math.max(lastSeen[slot], f.lastSeenEpochMillis());
            }
            merger.addAllButRowsAndFailures(s);
            if (arrival != null) {
                counted.put(e.getKey(), s);
                countedSeq.put(e.getKey(), arrival.reply().seq());
                countedSlots.put(e.getKey(), arrival.slots());
                countedFailureSlots.put(e.getKey(), arrival.failureSlots());
            }
        }
        EndpointStats[] sums = new EndpointStats[n];
        IntStream endpoints = IntStream.range(0, n);
        (parts >= StatsSnapshot.Merger.PARALLEL_PARTS ? endpoints.parallel() : endpoints).forEach(slot -> {
            if (rows[slot] == null) {
                return; // an endpoint of a runner the caller no longer has: not part of this merge
            }
            long[] c = counts[slot];
            for (int i = 0; i < deltaCount[slot]; i++) {
                c = HistogramCodec.addCounts(c == null ? new long[1] : c, deltas[slot][i]);
            }
            counts[slot] = c;
            EndpointStats sum = EndpointStats.accumulator(slotKeys.get(slot));
            for (int i = 0; i < rowCount[slot]; i++) {
                sum.mergeFigures(rows[slot][i]);
            }
            sum.useCounts(c == null ? new long[0] : c.clone()); // the result is the caller's: the totals stay ours
            sums[slot] = sum;
        });
        List<EndpointStats> entries = new ArrayList<>(n);
        for (EndpointStats sum : sums) {
            if (sum != null) {
                entries.add(sum);
            }
        }
        entries.sort(Comparator.comparing(EndpointStats::key));
        List<FailureStats> failureList = new ArrayList<>(failures.length);
        for (int slot = 0; slot < failures.length; slot++) {
            FailureStats f = failures[slot];
            if (f != null) {
                failureList.add(new FailureStats(f.method(), f.name(), f.error(), occurrences[slot], firstSeen[slot],
                        lastSeen[slot]));
            }
        }
        return merger.result(entries, failureList);
    }

    private StatsSnapshot recount(String runId, Map<String, StatsSnapshot> latest) {
        StatsSnapshot merged = StatsSnapshot.merge(runId, latest.values());
        Map<String, StatsSnapshot> before = new HashMap<>(counted);
        Map<String, Long> beforeSeq = new HashMap<>(countedSeq);
        Map<String, int[]> beforeSlots = new HashMap<>(countedSlots);
        Map<String, int[]> beforeFailureSlots = new HashMap<>(countedFailureSlots);
        counted.clear();
        counted.putAll(latest);
        countedSeq.clear();
        countedSlots.clear();
        countedFailureSlots.clear();
        latest.forEach((runner, s) -> {
            Arrival arrival = received.get(runner);
            boolean arrived = arrival != null && arrival.reply().snapshot() == s;
            Long seq = arrived ? Long.valueOf(arrival.reply().seq())
                    : before.get(runner) == s ? beforeSeq.get(runner) : null;
            if (seq != null && seq > 0) { // 0: a runner that numbers no snapshots (JSON) is merged in full
                countedSeq.put(runner, seq);
            }
            countedSlots.put(runner, arrived ? arrival.slots()
                    : before.get(runner) == s && beforeSlots.containsKey(runner) ? beforeSlots.get(runner)
                    : slotsOf(s));
            countedFailureSlots.put(runner, arrived ? arrival.failureSlots()
                    : before.get(runner) == s && beforeFailureSlots.containsKey(runner) ? beforeFailureSlots.get(runner)
                    : failureSlotsOf(s));
        });
        counts = new long[slotKeys.size()][];
        for (EndpointStats row : merged.entries()) {
            counts[slots.get(row.key())] = row.countsCopy();
        }
        valid = true;
        return merged;
    }
}
