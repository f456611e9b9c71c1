package dev.loadtest.api.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A line chart over time as inline SVG, so the HTML report needs no script and no network. */
final class SvgLineChart {

    record Series(String name, String color, double[] values) {
    }

    private static final int WIDTH = 960;
    private static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 36;
    private static final int GRID_LINES = 4;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private SvgLineChart() {
    }

    /** {@code times} are epoch milliseconds; every series has one value per time. */
    static String render(String title, long[] times, List<Series> series) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n",
                WIDTH, HEIGHT, Html.escape(title)));
        svg.append(text(LEFT, 18, "start", "title", title));
        if (times.length == 0) {
            svg.append(text(WIDTH / 2, HEIGHT / 2, "middle", "axis", "no data"));
            return svg.append("</svg>\n").toString();
        }
        double yMax = niceCeiling(series.stream().flatMapToDouble(s -> Arrays.stream(s.values()))
                .max().orElse(0));
        appendGrid(svg, yMax);
        appendTimeAxis(svg, times);
        for (Series s : series) {
            appendLine(svg, times, s, yMax);
        }
        appendLegend(svg, series);
        return svg.append("</svg>\n").toString();
    }

    private static void appendGrid(StringBuilder svg, double yMax) {
        for (int i = 0; i <= GRID_LINES; i++) {
            double value = yMax * i / GRID_LINES;
            double y = y(value, yMax);
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>%n", LEFT, y, WIDTH - RIGHT, y));
            svg.append(text(LEFT - 6, y + 4, "end", "axis", ReportFormat.decimal(value, 2)));
        }
    }

    private static void appendTimeAxis(StringBuilder svg, long[] times) {
        long first = times[0];
        long last = times[times.length - 1];
        svg.append(text(LEFT, HEIGHT - 12, "start", "axis", CLOCK.format(Instant.ofEpochMilli(first))));
        if (last > first) {
            svg.append(text((LEFT + WIDTH - RIGHT) / 2, HEIGHT - 12, "middle", "axis",
                    CLOCK.format(Instant.ofEpochMilli(first + (last - first) / 2))));
            svg.append(text(WIDTH - RIGHT, HEIGHT - 12, "end", "axis", CLOCK.format(Instant.ofEpochMilli(last))));
        }
    }

    private static void appendLine(StringBuilder svg, long[] times, Series series, double yMax) {
        long first = times[0];
        long span = Math.max(1, times[times.length - 1] - first);
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < times.length; i++) {
            double x = LEFT + (double) (times[i] - first) * (WIDTH - LEFT - RIGHT) / span;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y(series.values()[i], yMax)));
        }
        svg.append(String.format(Locale.ROOT,
                "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                Html.escape(series.color()), points.toString().trim()));
    }

    private static void appendLegend(StringBuilder svg, List<Series> series) {
        int x = WIDTH - RIGHT - 150 * series.size();
        for (Series s : series) {
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"9\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, Html.escape(s.color())));
            svg.append(text(x + 16, 19, "start", "axis", s.name()));
            x += 150;
        }
    }

    private static double y(double value, double yMax) {
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / yMax);
    }

    /** A round axis maximum (1, 2 or 5 times a power of ten) at or above the largest value. */
    static double niceCeiling(double max) {
        if (!(max > 0) || !Double.isFinite(max)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * magnitude >= max) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String text(double x, double y, String anchor, String cssClass, String content) {
        return String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
                cssClass, x, y, anchor, Html.escape(content));
    }
}
