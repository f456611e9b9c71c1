package dev.loadtest.operator.e2e;

/**
 * The system under test of an E2E class, on 127.0.0.1: what its LoadTests send load to, started with the class's
 * operator by {@link RestartableOperator} and reset before each test, so that each test counts only its own load.
 */
interface LoadTarget extends AutoCloseable {

    /** {@code http://127.0.0.1:<port>}: the LoadTests' {@code spec.host}. */
    String baseUrl();

    /** Forgets what was counted so far. */
    void reset();

    @Override
    void close();

    /** Starts a target; an {@link java.io.IOException} when it cannot bind. */
    @FunctionalInterface
    interface Factory<T extends LoadTarget> {
        T start() throws java.io.IOException;
    }
}
