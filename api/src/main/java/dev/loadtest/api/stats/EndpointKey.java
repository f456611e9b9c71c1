package dev.loadtest.api.stats;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identifies one row of the statistics: Locust keys its entries by (name, method) and sorts them that way.
 */
public record EndpointKey(String method, String name) implements Comparable<EndpointKey> {

    /** Locust's name for the row that totals every request. */
    public static final String AGGREGATED = "Aggregated";

    private static final Comparator<EndpointKey> ORDER =
            Comparator.comparing(EndpointKey::name).thenComparing(EndpointKey::method);

    public EndpointKey {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(name, "name");
    }

    public static EndpointKey aggregated() {
        return new EndpointKey("", AGGREGATED);
    }

    public boolean isAggregated() {
        return method.isEmpty() && AGGREGATED.equals(name);
    }

    @Override
    public int compareTo(EndpointKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return isAggregated() ? AGGREGATED : method + " " + name;
    }
}
