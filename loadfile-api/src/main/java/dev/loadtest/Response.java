package dev.loadtest;

import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/** The response to a request. A connection error gives status 0 and {@link #error()} says why. */
public final class Response {

    private static final byte[] NO_BODY = new byte[0];

    private final String method;
    private final String name;
    private final String url;
    private final int status;
    private final String httpVersion;
    private final long headersNanos;
    private final byte[] body;
    private final long bodyLength;
    /**
     * Header lookups as the transport read them: one by name without building a JDK {@link HttpHeaders}
     * (which validates and sorts every header, more than the rest of a small response costs), and all of them
     * built only if user code asks.
     */
    private final Function<String, String> firstHeader;
    private final Supplier<HttpHeaders> allHeaders;
    private final double elapsedMs;
    private String error;
    private String text;
    private Json json;
    private boolean inCheck;
    private Boolean manualSuccess;
    private String manualFailure;

    /** See {@link Internal#response}; {@code status} 0 means no response, and the header lookups may be null. */
    Response(String method, String name, String url, int status, String httpVersion, long headersNanos, byte[] body,
             long bodyLength, Function<String, String> firstHeader, Supplier<HttpHeaders> allHeaders,
             double elapsedMs, String error) {
        this.method = method;
        this.name = name;
        this.url = url;
        this.status = status;
        this.httpVersion = httpVersion;
        this.headersNanos = headersNanos;
        this.body = body == null ? NO_BODY : body;
        this.bodyLength = bodyLength;
        this.firstHeader = firstHeader == null ? h -> null : firstHeader;
        this.allHeaders = allHeaders == null ? () -> HttpHeaders.of(java.util.Map.of(), (a, b) -> true) : allHeaders;
        this.elapsedMs = elapsedMs;
        this.error = error;
    }

    /** {@return the HTTP status, or 0 when the request did not get a response} */
    public int status() {
        return status;
    }

    /**
     * The protocol the response came in, "HTTP/1.1" or "HTTP/2". With HTTP/2 asked for, a server that does not
     * negotiate it answers in HTTP/1.1, and this is how to tell.
     *
     * @return the protocol, or null when there was no response
     */
    public String httpVersion() {
        return httpVersion;
    }

    /** {@return true when the request succeeded by the default rule: a response with a status below 400} */
    public boolean ok() {
        return status > 0 && status < 400;
    }

    /** {@return what went wrong (an HTTP error status or a connection error), or null} */
    public String error() {
        return error;
    }

    /** {@return the final URL, after redirects} */
    public String url() {
        return url;
    }

    /** {@return the name the request is counted under} */
    public String name() {
        return name;
    }

    /** {@return the request's method, e.g. "GET"} */
    public String method() {
        return method;
    }

    /**
     * The response time counted in the statistics (Locust's {@code response_time}), in milliseconds: from
     * sending the request to the end of the last body, redirects included.
     *
     * @return the response time in milliseconds
     */
    public double elapsedMs() {
        return elapsedMs;
    }

    /**
     * requests' {@code response.elapsed}: from sending the (last) request to the arrival of its response's
     * headers, so without the body and without earlier redirect hops.
     *
     * @return that time, or null when there was no response
     */
    public java.time.Duration elapsed() {
        return headersNanos < 0 ? null : java.time.Duration.ofNanos(headersNanos);
    }

    /**
     * requests' {@code raise_for_status()}: throws {@link HttpError} when the status is 400 or more or there was
     * no response (the message is {@link #error()}); returns this response otherwise, to chain
     * {@code client.get("/x").raiseForStatus().json()}.
     *
     * @return this response
     * @throws HttpError when the request failed
     */
    public Response raiseForStatus() {
        if (status == 0 || status >= 400) {
            throw new HttpError(status == 0 ? error : "HTTP " + status + " for url: " + name, this);
        }
        return this;
    }

    /**
     * The first value of a response header.
     *
     * @param name the header's name, in any case
     * @return its first value, or null
     */
    public String header(String name) {
        return firstHeader.apply(name);
    }

    /** {@return every response header} */
    public HttpHeaders headers() {
        return allHeaders.get();
    }

    /** {@return a copy of the body, or of its first {@code maxBodyBytes} when {@link #truncated()}} */
    public byte[] bytes() {
        return body.clone();
    }

    /**
     * The length of the body as received, in bytes (Locust's content length in the statistics): all of it,
     * also when only the first {@code maxBodyBytes} were kept.
     *
     * @return the body's length
     */
    public long contentLength() {
        return bodyLength;
    }

    /**
     * {@return true when the body was longer than the bound: only its first bytes are in {@link #bytes()} and {@link #text()}}
     */
    public boolean truncated() {
        return bodyLength > body.length;
    }

    /** {@return the body as text, in the charset of its Content-Type (UTF-8 by default)} */
    public String text() {
        if (text == null) {
            text = new String(body, charset());
        }
        return text;
    }

    /**
     * The body parsed as JSON (requests' {@code response.json()}), read like Jackson's JsonNode:
     * {@code r.json().get("id").asText()}. Parsed once, on the first call.
     *
     * @return the parsed body
     * @throws ResponseError when the body is not JSON or was cut at the body bound (inside a catch-response
     *                       check, that fails the request with the message)
     */
    public Json json() {
        if (json == null && truncated()) {
            throw new ResponseError("response of " + method + " " + name + " is " + bodyLength
                    + " bytes, cut at " + body.length + ": raise the bound with maxBodyBytes to parse it as JSON");
        }
        if (json == null) {
            try {
                json = Json.parse(text());
            } catch (IllegalArgumentException e) {
                throw new ResponseError("response of " + method + " " + name + " is " + e.getMessage());
            }
        }
        return json;
    }

    /**
     * The body parsed as JSON into {@code type} ({@link Json#as(Class)}): a record, String, number, List, Map.
     *
     * @param type the type to read the body as
     * @param <T>  the type
     * @return the value
     * @throws ResponseError when the body is not JSON or does not fit the type
     */
    public <T> T json(Class<T> type) {
        try {
            return json().as(type);
        } catch (IllegalArgumentException e) {
            throw new ResponseError("response of " + method + " " + name + " is not a " + type.getSimpleName()
                    + ": " + e.getMessage());
        }
    }

    /** Inside a catch-response check: counts this request as a success. */
    public void success() {
        requireCheck("success()");
        manualSuccess = true;
        manualFailure = null;
    }

    /**
     * Inside a catch-response check: counts this request as a failure with this reason.
     *
     * @param reason the failure's text, as the failures report shows it
     */
    public void failure(String reason) {
        requireCheck("failure()");
        manualSuccess = false;
        manualFailure = reason == null ? "failure" : reason;
    }

    private void requireCheck(String call) {
        if (!inCheck) {
            throw new IllegalStateException(call + " can only be called inside a catchResponse check, e.g. "
                    + "client.get(\"/\", with().catchResponse(r -> r.failure(\"...\")))");
        }
    }

    void beginCheck() {
        inCheck = true;
    }

    void endCheck() {
        inCheck = false;
    }

    /** True, false, or null when the check called neither {@link #success()} nor {@link #failure(String)}. */
    Boolean manualResult() {
        return manualSuccess;
    }

    /** The error to record after a check: the manual result if any, else the default rule. */
    String outcomeError() {
        if (manualSuccess != null) {
            return manualSuccess ? null : manualFailure;
        }
        return error;
    }

    /** A check threw {@link ResponseError}: the request failed the loadfile's check. */
    void failWith(String message) {
        this.error = message;
    }

    private Charset charset() {
        String type = header("Content-Type");
        if (type != null) {
            for (String part : type.split(";")) {
                String p = part.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", ""));
                    } catch (RuntimeException ignored) {
                        // an unknown charset falls back to UTF-8, as browsers do
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public String toString() {
        return method + " " + url + " -> " + status + (error == null ? "" : " (" + error + ")");
    }
}
