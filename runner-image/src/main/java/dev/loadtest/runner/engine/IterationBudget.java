package dev.loadtest.runner.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code -i/--iterations} limit of a run (locust-plugins' flag): at most this many task runs in all, over
 * every user. Task sets do not count, only the tasks run inside them.
 */
final class IterationBudget {

    private final long limit;
    private final AtomicLong started = new AtomicLong();

    IterationBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("-i/--iterations must be at least 1, got " + limit);
        }
        this.limit = limit;
    }

    /** True if one more task may start; false once the limit is reached. */
    boolean tryTake() {
        return started.getAndUpdate(n -> n < limit ? n + 1 : n) < limit;
    }

    boolean exhausted() {
        return started.get() >= limit;
    }

    long started() {
        return started.get();
    }
}
