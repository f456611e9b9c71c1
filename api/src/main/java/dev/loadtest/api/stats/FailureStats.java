package dev.loadtest.api.stats;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One row of the failure report: Locust groups failures by method, name and error text, counting
 * occurrences with first and last seen times.
 */
public record FailureStats(String method, String name, String error, long occurrences,
                           long firstSeenEpochMillis, long lastSeenEpochMillis) {

    @JsonIgnore
    public Key key() {
        return new Key(method, name, error);
    }

    public FailureStats merge(FailureStats other) {
        return new FailureStats(method, name, error, occurrences + other.occurrences,
                Math.min(firstSeenEpochMillis, other.firstSeenEpochMillis),
                Math.max(lastSeenEpochMillis, other.lastSeenEpochMillis));
    }

    public record Key(String method, String name, String error) {
    }
}
