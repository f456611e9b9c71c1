package dev.loadtest;

/**
 * A simulated user (Locust's {@code User}). Subclass it, declare tasks with {@link Task}, and optionally
 * {@link Weight}, {@link FixedCount}, {@link Tag} and {@link Host}. Each user runs on its own virtual thread:
 * {@link #onStart()}, then tasks picked by weight with {@link #waitTime()} between them, then
 * {@link #onStop()} when the test stops. Abstract classes are never started.
 */
public abstract class User {

    private UserContext context;

    /** Subclasses need a no-argument constructor; the runner creates the users. */
    protected User() {
    }

    /**
     * The wait after each task; override to choose, e.g. {@code return WaitTime.between(1, 3);}.
     *
     * @return the wait time; default 0
     */
    protected WaitTime waitTime() {
        return WaitTime.constant(0);
    }

    /**
     * Runs once when the user starts, before its first task.
     *
     * @throws Exception to stop this user
     */
    protected void onStart() throws Exception {
    }

    /**
     * Runs once when the user stops.
     *
     * @throws Exception counted as an exception of the run
     */
    protected void onStop() throws Exception {
    }

    /** {@return the base URL of the system under test} */
    public final String host() {
        return context().host();
    }

    /** {@return the custom options of the run} */
    public final Options options() {
        return context().options();
    }

    /** {@return where to report requests of clients of your own} */
    public final RequestEvents events() {
        return context().events();
    }

    /** {@return the run's id} */
    public final String runId() {
        return context().runId();
    }

    /**
     * The test this user runs in (Locust's {@code self.environment}): its runner index and count,
     * {@link TestContext#quit()} to stop the whole test, request listeners.
     *
     * @return the test
     */
    public final TestContext environment() {
        return context();
    }

    final UserContext context() {
        if (context == null) {
            throw new IllegalStateException("this user is not running yet: use onStart() instead of the constructor");
        }
        return context;
    }

    void attach(UserContext context) {
        this.context = context;
    }

    /** Releases what the user holds (connections) once it has stopped. */
    void detach() {
    }
}
