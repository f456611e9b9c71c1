package dev.loadtest.api.control;

/** A runner's lifecycle, as reported by {@code /readyz} and {@code /stats}. Mirrors Locust's runner states. */
public enum RunnerState {
    /** Loadfile compiled, waiting for {@code POST /start}. */
    READY,
    /** Starting or stopping users towards the target count. */
    SPAWNING,
    /** All target users are running. */
    RUNNING,
    /** Users are finishing their current task (stop timeout). */
    STOPPING,
    /** Every user has stopped; the final statistics are available. */
    STOPPED;

    public boolean isActive() {
        return this == SPAWNING || this == RUNNING || this == STOPPING;
    }
}
