package dev.loadtest;

/** What {@link OnTestStart} and {@link OnTestStop} methods may look at. */
public interface TestContext {

    /** {@return the base URL of the system under test, or null} */
    String host();

    /** {@return the custom options of the run} */
    Options options();

    /** {@return the run's id (a cluster run's id, or "local")} */
    String runId();

    /** {@return where to report requests made by code other than the built-in clients, e.g. a setup call} */
    RequestEvents events();

    /**
     * Adds a listener that hears every request of this run on this runner (Locust's events.request).
     *
     * @param listener the listener
     */
    default void addRequestListener(RequestListener listener) {
        throw new UnsupportedOperationException("request listeners need a running test");
    }

    /**
     * Stops the test (Locust's {@code runner.quit()}): every user stops, {@link OnTestStop} methods run, and a
     * local run ends with the usual summary and exit code. On the cluster it stops the runner it is called on.
     */
    default void quit() {
        throw new UnsupportedOperationException("quit() needs a running test");
    }

    /** {@return this runner's index among the run's runners, from 0 (Locust's worker_index); 0 for a local run} */
    default int runnerIndex() {
        return 0;
    }

    /** {@return how many runners the run has; 1 for a local run} */
    default int runnerCount() {
        return 1;
    }
}
