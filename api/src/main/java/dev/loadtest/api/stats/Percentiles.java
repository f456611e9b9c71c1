package dev.loadtest.api.stats;

import java.util.List;

/** The percentiles Locust reports in its console table and CSV files, in that order. */
public final class Percentiles {

    public static final List<Double> TO_REPORT =
            List.of(0.50, 0.66, 0.75, 0.80, 0.90, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0);

    private Percentiles() {
    }

    /** Column label as Locust writes it: 0.5 → "50%", 0.999 → "99.9%", 1.0 → "100%". */
    public static String label(double fraction) {
        // BigDecimal, not fraction * 100: 0.66 * 100 is 66.00000000000001 in binary floating point.
        String text = java.math.BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString();
        return text + "%";
    }
}
