package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.OpenModelStats;
import dev.loadtest.api.stats.StatsSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The open model's part of the reports, beside Locust's tables (which stay as Locust prints them): iterations
 * started and dropped, and the response-time percentiles corrected for coordinated omission, in the same table
 * layout as the raw ones so that the two read side by side. Empty for a closed-model run.
 */
public final class OpenModelReport {

    /** The percentiles the side-by-side tables show, raw beside corrected (0.5 is the median, 1.0 the maximum). */
    public static final List<Double> SIDE_BY_SIDE_PERCENTILES = List.of(0.5, 0.95, 0.99, 1.0);

    private OpenModelReport() {
    }

    /**
     * One row of a side-by-side table: an endpoint's figures as measured (from when each request was sent) and
     * corrected (from its iteration's intended start).
     */
    public record SideBySide(EndpointKey key, EndpointStats raw, EndpointStats corrected) {

        /**
         * The raw value of percentile {@code p} in ms: {@code 0.5} is Locust's median (the one its statistics table
         * shows), {@code 1.0} the maximum.
         */
        public double rawMs(double p) {
            return valueMs(raw, p);
        }

        /** The corrected value of percentile {@code p} in ms, read as {@link #rawMs}. */
        public double correctedMs(double p) {
            return valueMs(corrected, p);
        }

        private static double valueMs(EndpointStats e, double p) {
            return p == 0.5 ? e.medianMs() : p >= 1.0 ? e.maxResponseTimeMs() : e.percentileMs(p);
        }
    }

    /**
     * The rows of the side-by-side tables of the HTML report and the web UI: each endpoint in Locust's order, then
     * Aggregated, its corrected row matched by (method, name). Empty for a closed-model run, which has no corrected
     * figures to show.
     */
    public static List<SideBySide> sideBySide(StatsSnapshot snapshot) {
        OpenModelStats open = snapshot.openModel();
        if (open == null) {
            return List.of();
        }
        Map<EndpointKey, EndpointStats> corrected = new HashMap<>();
        open.corrected().forEach(e -> corrected.put(e.key(), e));
        List<SideBySide> rows = new ArrayList<>();
        for (EndpointStats raw : ReportFormat.sortedEntries(snapshot)) {
            EndpointStats c = corrected.get(raw.key());
            rows.add(new SideBySide(raw.key(), raw, c == null ? new EndpointStats(raw.key()) : c));
        }
        EndpointStats total = snapshot.total();
        rows.add(new SideBySide(total.key(), total, open.correctedTotal()));
        return rows;
    }

    /** The snapshot with its corrected rows in place of the raw ones, for the tables and CSV that print rows. */
    static StatsSnapshot correctedView(StatsSnapshot s) {
        return new StatsSnapshot(s.runId(), s.runner(), s.incarnation(), s.state(), s.userCount(), s.userClassCounts(),
                s.timestampEpochMillis(), s.openModel().corrected(), java.util.List.of(), java.util.List.of());
    }

    /** The summary's section: the iteration counts, then the corrected percentile table. */
    public static String summary(StatsSnapshot snapshot) {
        OpenModelStats open = snapshot.openModel();
        if (open == null) {
            return "";
        }
        return counts(open) + System.lineSeparator()
                + "Response time percentiles, corrected for coordinated omission (counted from each iteration's "
                + "intended start)" + System.lineSeparator()
                + ConsoleReport.percentileTable(correctedView(snapshot), false);
    }

    /** One line for the live table: the counts and the Aggregated p50 and p99, raw and corrected. */
    public static String live(StatsSnapshot snapshot) {
        OpenModelStats open = snapshot.openModel();
        if (open == null) {
            return "";
        }
        EndpointStats raw = snapshot.total();
        EndpointStats corrected = open.correctedTotal();
        return counts(open) + String.format(Locale.ROOT, "; Aggregated p50 %s ms (corrected %s), p99 %s ms (corrected %s)",
                ReportFormat.compactMillis(raw.medianMs()), ReportFormat.compactMillis(corrected.medianMs()),
                ReportFormat.compactMillis(raw.percentileMs(0.99)),
                ReportFormat.compactMillis(corrected.percentileMs(0.99))) + System.lineSeparator();
    }

    private static String counts(OpenModelStats open) {
        return String.format(Locale.ROOT, "Open model: %.2f iterations/s asked, %d iterations started, %d dropped",
                open.arrivalRate(), open.iterations(), open.dropped());
    }

    /** {@code PREFIX_iterations.csv}: the open model's counts, one row. */
    static String iterationsCsv(OpenModelStats open) {
        return "Arrival Rate,Iterations,Dropped Iterations\n"
                + String.format(Locale.ROOT, "%s,%d,%d%n", open.arrivalRate(), open.iterations(), open.dropped());
    }
}
