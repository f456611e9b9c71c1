package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.OpenModelStats;
import dev.loadtest.api.stats.StatsSnapshot;

import java.util.Locale;

/**
 * The open model's part of the reports, beside Locust's tables (which stay as Locust prints them): iterations
 * started and dropped, and the response-time percentiles corrected for coordinated omission, in the same table
 * layout as the raw ones so that the two read side by side. Empty for a closed-model run.
 */
public final class OpenModelReport {

    private OpenModelReport() {
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
