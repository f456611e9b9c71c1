package dev.loadtest;

import java.util.Map;
import java.util.TreeMap;

/** The custom options of the run (declared with {@link CustomOption}), with typed access. */
public final class Options {

    private final Map<String, String> values;

    public Options(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    /** The option's value, or null when it is neither given nor defaulted. */
    public String get(String name) {
        return values.get(name);
    }

    public String get(String name, String fallback) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    public int getInt(String name, int fallback) {
        String v = get(name, null);
        return v == null ? fallback : parse(name, v, Integer::parseInt);
    }

    public double getDouble(String name, double fallback) {
        String v = get(name, null);
        return v == null ? fallback : parse(name, v, Double::parseDouble);
    }

    public boolean getBoolean(String name, boolean fallback) {
        String v = get(name, null);
        return v == null ? fallback : Boolean.parseBoolean(v);
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    private static <T> T parse(String name, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option '" + name + "' is not a number: '" + value + "'", e);
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
