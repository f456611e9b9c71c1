package dev.loadtest.runner.http;

/**
 * A response as a transport read it; {@code httpVersion} "HTTP/1.1" or "HTTP/2", {@code headersNanos} the
 * time from sending the request to its response's headers (requests' elapsed).
 */
record RawResponse(int status, HeaderList headers, byte[] body, long bodyLength, String httpVersion,
                   long headersNanos) {

    static final String HTTP_1_1 = "HTTP/1.1";

    /** FastHttpUser's client speaks nothing but HTTP/1.1. */
    RawResponse(int status, HeaderList headers, byte[] body, long bodyLength, long headersNanos) {
        this(status, headers, body, bodyLength, HTTP_1_1, headersNanos);
    }
}
