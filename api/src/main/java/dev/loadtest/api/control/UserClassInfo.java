package dev.loadtest.api.control;

/**
 * A user class of the loadfile as the runner found it: what the dispatcher needs to split users.
 *
 * @param name       the class's simple name (unique within a loadfile, as Locust requires)
 * @param weight     relative share of the weighted users ({@code @Weight}, default 1)
 * @param fixedCount exact number of users of this class, started before any weighted one ({@code @FixedCount})
 */
public record UserClassInfo(String name, double weight, int fixedCount) {
}
