package dev.loadtest.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Locust's timespans: "90" (seconds), "90s", "3m", "2h", "1h30m", "1h30m10s", and "250ms". */
public final class Timespan {

    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)?");

    private Timespan() {
    }

    /** Parses a timespan into seconds; throws IllegalArgumentException naming the accepted forms. */
    public static double parseSeconds(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty timespan; use e.g. 90, 90s, 3m, 1h30m");
        }
        String s = text.trim();
        Matcher m = PART.matcher(s);
        int pos = 0;
        double seconds = 0;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("'" + text + "' is not a timespan; use e.g. 90, 90s, 3m, 1h30m");
            }
            double value = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            seconds += switch (unit) {
                case "h" -> value * 3600;
                case "m" -> value * 60;
                case "ms" -> value / 1000;
                default -> value;
            };
            pos = m.end();
        }
        return seconds;
    }
}
