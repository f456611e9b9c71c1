package dev.loadtest;

import java.util.Map;
import java.util.TreeMap;

/** The custom options of the run (declared with {@link CustomOption}), with typed access. */
public final class Options {

    private final Map<String, String> values;

    /**
     * The options of a run; the runner builds them from the command line or the manifest.
     *
     * @param values option name to value
     */
    public Options(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    /**
     * The option's value.
     *
     * @param name the option's name, without dashes
     * @return its value, or null when it is neither given nor defaulted
     */
    public String get(String name) {
        return values.get(name);
    }

    /**
     * The option's value, or a fallback.
     *
     * @param name     the option's name, without dashes
     * @param fallback what to return when the option is missing or empty
     * @return the value or the fallback
     */
    public String get(String name, String fallback) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    /**
     * The option's value as an int.
     *
     * @param name     the option's name, without dashes
     * @param fallback what to return when the option is missing or empty
     * @return the value or the fallback
     * @throws IllegalArgumentException when the value is not a number, naming the option
     */
    public int getInt(String name, int fallback) {
        String v = get(name, null);
        return v == null ? fallback : parse(name, v, Integer::parseInt);
    }

    /**
     * The option's value as a double.
     *
     * @param name     the option's name, without dashes
     * @param fallback what to return when the option is missing or empty
     * @return the value or the fallback
     * @throws IllegalArgumentException when the value is not a number, naming the option
     */
    public double getDouble(String name, double fallback) {
        String v = get(name, null);
        return v == null ? fallback : parse(name, v, Double::parseDouble);
    }

    /**
     * The option's value as a boolean ("true" in any case is true, anything else false).
     *
     * @param name     the option's name, without dashes
     * @param fallback what to return when the option is missing or empty
     * @return the value or the fallback
     */
    public boolean getBoolean(String name, boolean fallback) {
        String v = get(name, null);
        return v == null ? fallback : Boolean.parseBoolean(v);
    }

    /** {@return every option, name to value} */
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
