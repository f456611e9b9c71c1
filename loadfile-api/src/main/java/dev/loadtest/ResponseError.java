package dev.loadtest;

/**
 * Thrown inside a catch-response check, marks the request failed with this message (Locust's
 * {@code ResponseError}); the exception itself is then swallowed.
 */
public class ResponseError extends RuntimeException {
    public ResponseError(String message) {
        super(message, null, false, false);
    }
}
