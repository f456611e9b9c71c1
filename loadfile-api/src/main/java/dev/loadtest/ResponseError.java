package dev.loadtest;

/**
 * Thrown inside a catch-response check, marks the request failed with this message (Locust's
 * {@code ResponseError}); the exception itself is then swallowed.
 */
public class ResponseError extends RuntimeException {

    private static final long serialVersionUID = 1L;
    /**
     * Fails the request being checked.
     *
     * @param message the failure's text, as the failures report shows it
     */
    public ResponseError(String message) {
        super(message, null, false, false);
    }
}
