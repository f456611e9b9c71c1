package dev.loadtest.runner.results;

/** A cluster run's results cannot be had; the message says why and what to do. */
public final class ResultsUnavailable extends Exception {

    public ResultsUnavailable(String message) {
        super(message);
    }

    public ResultsUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
