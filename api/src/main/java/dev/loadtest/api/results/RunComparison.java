package dev.loadtest.api.results;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Per-endpoint deltas between two runs (B against A): requests, failures, requests/s over the whole run, and
 * p50/p95/p99 as the CSV's percentile columns compute them (exact to 3 significant digits). Endpoints in Locust's
 * order, the Aggregated row last; an endpoint that only one run has is shown with "-" for the other. Pure.
 */
public final class RunComparison {

    /** The metrics compared, in the order printed. */
    public static final List<String> METRICS = List.of("requests", "failures", "rps", "p50 ms", "p95 ms", "p99 ms");

    /**
     * One metric of one endpoint in both runs.
     *
     * @param a the value in run A, null when A has no such endpoint
     * @param b the value in run B, null when B has no such endpoint
     */
    public record Delta(EndpointKey endpoint, String metric, Double a, Double b) {

        /** B - A, null when either is missing. */
        public Double difference() {
            return a == null || b == null ? null : b - a;
        }

        /** (B - A) / A in percent, null when either is missing or A is 0. */
        public Double percent() {
            return a == null || b == null || a == 0 ? null : (b - a) * 100 / a;
        }
    }

    private RunComparison() {
    }

    public static List<Delta> deltas(StatsSnapshot a, StatsSnapshot b) {
        Map<EndpointKey, EndpointStats[]> both = new TreeMap<>();
        a.entries().forEach(e -> both.computeIfAbsent(e.key(), k -> new EndpointStats[2])[0] = e);
        b.entries().forEach(e -> both.computeIfAbsent(e.key(), k -> new EndpointStats[2])[1] = e);
        Map<EndpointKey, EndpointStats[]> rows = new LinkedHashMap<>(both);
        EndpointStats totalA = a.total();
        EndpointStats totalB = b.total();
        rows.put(EndpointKey.aggregated(), new EndpointStats[] {totalA, totalB});
        long[] spanA = {totalA.startTimeEpochMillis(), totalA.lastRequestEpochMillis()};
        long[] spanB = {totalB.startTimeEpochMillis(), totalB.lastRequestEpochMillis()};
        List<Delta> deltas = new ArrayList<>();
        rows.forEach((key, pair) -> {
            for (String metric : METRICS) {
                deltas.add(new Delta(key, metric, value(pair[0], metric, spanA), value(pair[1], metric, spanB)));
            }
        });
        return deltas;
    }

    private static Double value(EndpointStats e, String metric, long[] span) {
        if (e == null) {
            return null;
        }
        return switch (metric) {
            case "requests" -> (double) e.numRequests();
            case "failures" -> (double) e.numFailures();
            case "rps" -> e.totalRps(span[0], span[1]);
            case "p50 ms" -> e.numRequests() == 0 ? 0 : e.percentileMs(0.50);
            case "p95 ms" -> e.numRequests() == 0 ? 0 : e.percentileMs(0.95);
            case "p99 ms" -> e.numRequests() == 0 ? 0 : e.percentileMs(0.99);
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
    }

    /**
     * The comparison as a plain-text table, one line per endpoint and metric:
     * {@code Type Name Metric A B Delta Change}, with signed deltas ({@code +20}, {@code -3.5}) and changes in
     * percent ({@code +20.0%}; {@code new} / {@code gone} for an endpoint only one run has).
     */
    public static String render(String labelA, String labelB, List<Delta> deltas) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"Type", "Name", "Metric", "A", "B", "Delta", "Change"});
        EndpointKey previous = null;
        for (Delta d : deltas) {
            boolean first = !d.endpoint().equals(previous);
            previous = d.endpoint();
            lines.add(new String[] {first ? d.endpoint().method() : "", first ? d.endpoint().name() : "", d.metric(),
                    number(d.a()), number(d.b()), signed(d.difference()), change(d)});
        }
        int[] widths = new int[7];
        lines.forEach(l -> {
            for (int i = 0; i < l.length; i++) {
                widths[i] = Math.max(widths[i], l[i].length());
            }
        });
        BiFunction<String, Integer, String> left = (s, w) -> s + " ".repeat(w - s.length());
        BiFunction<String, Integer, String> right = (s, w) -> " ".repeat(w - s.length()) + s;
        StringBuilder out = new StringBuilder("A: ").append(labelA).append('\n')
                .append("B: ").append(labelB).append('\n');
        for (String[] l : lines) {
            String line = left.apply(l[0], widths[0]) + "  " + left.apply(l[1], widths[1]) + "  "
                    + left.apply(l[2], widths[2]) + "  " + right.apply(l[3], widths[3]) + "  "
                    + right.apply(l[4], widths[4]) + "  " + right.apply(l[5], widths[5]) + "  "
                    + right.apply(l[6], widths[6]);
            out.append(line.stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** At most 3 decimals, trailing zeros dropped; "-" for a missing value. */
    static String number(Double value) {
        if (value == null) {
            return "-";
        }
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    static String signed(Double value) {
        if (value == null) {
            return "-";
        }
        String n = number(value);
        return value > 0 && !n.equals("0") ? "+" + n : n.equals("-0") ? "0" : n;
    }

    static String change(Delta d) {
        if (d.a() == null) {
            return "new";
        }
        if (d.b() == null) {
            return "gone";
        }
        Double percent = d.percent();
        if (percent == null) {
            return d.b() == 0 ? "0.0%" : "n/a";
        }
        String text = String.format(Locale.ROOT, "%.1f%%", percent);
        return percent > 0 && !text.equals("0.0%") ? "+" + text : text.equals("-0.0%") ? "0.0%" : text;
    }
}
