package dev.loadtest.api.stats;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A runner's memory of the last {@value #KEPT} snapshots it served in the binary form, numbered, so that a poller
 * naming one of them as its base ({@code GET /stats?base=N}) gets, beside the cumulative snapshot, each row's
 * histogram minus the base's: the requests since then. A poller adds those to the totals it keeps instead of adding
 * every runner's whole histograms again (see {@link RunningMerge}); after a minute a whole histogram has hundreds of
 * buckets per row and the requests of the last poll interval a few. Keeping a few numbers, not one, lets a poll whose
 * reply was lost (a timeout) ask again from the same base. Only histograms are kept, encoded: about 1 kB per row.
 */
public final class ServedSnapshots {

    static final int KEPT = 4;

    private final LinkedHashMap<Long, Map<EndpointKey, byte[]>> served = new LinkedHashMap<>();
    private long lastSeq;

    /**
     * The binary body of {@code snapshot}, numbered, with the deltas since snapshot {@code base} when this runner still
     * holds it and every row only grew since (otherwise without deltas, and the poller adds the whole snapshot).
     */
    public synchronized byte[] encode(StatsSnapshot snapshot, long base) {
        long seq = ++lastSeq;
        List<byte[]> histograms = new ArrayList<>(snapshot.entries().size());
        Map<EndpointKey, byte[]> byKey = new HashMap<>();
        for (EndpointStats e : snapshot.entries()) {
            byte[] h = e.jsonHistogram();
            histograms.add(h);
            byKey.put(e.key(), h);
        }
        Map<EndpointKey, byte[]> before = served.get(base);
        List<byte[]> deltas = before == null ? null : deltas(snapshot.entries(), histograms, before);
        served.put(seq, byKey);
        while (served.size() > KEPT) {
            served.remove(served.keySet().iterator().next());
        }
        return StatsBinary.encode(snapshot, seq, base, deltas, histograms);
    }

    /** Each row's histogram minus its histogram in {@code before}; null if a row lost counts (a reset, another run). */
    static List<byte[]> deltas(List<EndpointStats> rows, List<byte[]> histograms, Map<EndpointKey, byte[]> before) {
        List<byte[]> deltas = new ArrayList<>(rows.size());
        int kept = 0;
        for (int i = 0; i < rows.size(); i++) {
            byte[] now = histograms.get(i);
            byte[] then = before.get(rows.get(i).key());
            if (then == null) {
                deltas.add(now); // a row new since the base: all of it is new
                continue;
            }
            kept++;
            long[] counts = now.length == 0 ? new long[0] : HistogramCodec.addCounts(new long[1], now);
            long[] old = then.length == 0 ? new long[0] : HistogramCodec.addCounts(new long[1], then);
            if (old.length > counts.length) {
                counts = java.util.Arrays.copyOf(counts, old.length);
            }
            Histogram delta = new Histogram(EndpointStats.SIGNIFICANT_DIGITS);
            for (int j = 0; j < counts.length; j++) {
                long d = counts[j] - (j < old.length ? old[j] : 0);
                if (d < 0) {
                    return null;
                }
                if (d > 0) {
                    delta.recordValueWithCount(HistogramCodec.valueAtIndex(j), d);
                }
            }
            deltas.add(delta.getTotalCount() == 0 ? new byte[0] : HistogramCodec.encodeBytes(delta));
        }
        return kept == before.size() ? deltas : null; // a row of the base is gone: not the same run's figures
    }
}
