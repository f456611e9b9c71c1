package dev.loadtest;

/** What {@link OnTestStart} and {@link OnTestStop} methods may look at. */
public interface TestContext {

    /** The base URL of the system under test, or null. */
    String host();

    Options options();

    /** The run's id (a cluster run's id, or "local"). */
    String runId();

    /** Records a request made by code other than the built-in clients, e.g. a setup call. */
    RequestEvents events();
}
