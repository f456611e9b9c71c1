package dev.loadtest.testcluster;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Kubernetes timestamps: RFC 3339 in whole seconds. */
final class Times {
    private Times() {
    }

    static String format(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String now() {
        return format(Instant.now());
    }
}
