package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Number, time and ordering conventions shared by the console, CSV and HTML reports. */
final class ReportFormat {

    private static final DateTimeFormatter ISO_SECONDS_UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private ReportFormat() {
    }

    /**
     * Milliseconds as a plain number with at most 3 decimals: times are recorded in microseconds, so 3
     * decimals are exact for min, max and percentiles, and enough for the average.
     */
    static String millis(double ms) {
        return decimal(ms, 3);
    }

    /** Milliseconds for a narrow console column: whole numbers from 100 ms, else 3 significant digits. */
    static String compactMillis(double ms) {
        if (ms >= 100 || ms == 0) {
            return Long.toString(Math.round(ms));
        }
        return BigDecimal.valueOf(ms).round(new MathContext(3, RoundingMode.HALF_EVEN))
                .stripTrailingZeros().toPlainString();
    }

    /** A plain decimal (never scientific notation) with at most {@code scale} decimals, trailing zeros dropped. */
    static String decimal(double value, int scale) {
        if (!Double.isFinite(value)) {
            return "0";
        }
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    /** Python's {@code f"{x:2f}"}, which Locust uses for the history rates: always 6 decimals. */
    static String sixDecimals(double value) {
        return String.format(Locale.ROOT, "%f", value);
    }

    /** Locust's failure timestamps: {@code YYYY-MM-DDTHH:MM:SSZ} in UTC. */
    static String isoSecondsUtc(long epochMillis) {
        return ISO_SECONDS_UTC.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Entries ordered as Locust orders them, by (name, method), whatever order the snapshot came in. */
    static List<EndpointStats> sortedEntries(StatsSnapshot snapshot) {
        return snapshot.entries().stream().sorted(Comparator.comparing(EndpointStats::key)).toList();
    }
}
