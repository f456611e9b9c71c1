package dev.loadtest;

/**
 * Thrown by {@link Response#raiseForStatus()} (requests' {@code HTTPError}): the response's status was 400 or
 * more, or there was no response (a connection error or a timeout). The request itself is counted as it
 * would be without the call; the exception goes to the task like any other (Locust's {@code user_error}),
 * and inside a catch-response check it propagates without the request being counted, as in Locust.
 */
public class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Response response;

    /**
     * An HTTP error of a response.
     *
     * @param message  what went wrong
     * @param response the response that failed
     */
    public HttpError(String message, Response response) {
        super(message, null, false, false);
        this.response = response;
    }

    /** {@return the response that failed} */
    public Response response() {
        return response;
    }
}
