package dev.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.runner.stats.ErrorClass;

import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The response to a request. A connection error gives status 0 and {@link #error()} says why. */
public final class Response {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String method;
    private final String name;
    private final String url;
    /** What the transport read (status, headers, body, lengths, timings), held whole rather than copied. */
    private final HttpSession.RawResponse raw;
    private final double elapsedMs;
    private String error;
    private ErrorClass errorClass;
    private String text;
    private JsonNode json;
    private boolean inCheck;
    private Boolean manualSuccess;
    private String manualFailure;

    /** {@code raw} is null when the request got no response. */
    Response(String method, String name, String url, HttpSession.RawResponse raw, double elapsedMs, String error,
             ErrorClass errorClass) {
        this.method = method;
        this.name = name;
        this.url = url;
        this.raw = raw == null ? HttpSession.RawResponse.NONE : raw;
        this.elapsedMs = elapsedMs;
        this.error = error;
        this.errorClass = errorClass;
    }

    /** HTTP status, or 0 when the request did not get a response. */
    public int status() {
        return raw.status();
    }

    /**
     * The protocol the response came in, "HTTP/1.1" or "HTTP/2"; null when there was no response. With
     * HTTP/2 asked for, a server that does not negotiate it answers in HTTP/1.1, and this is how to tell.
     */
    public String httpVersion() {
        return raw.httpVersion();
    }

    /** True when the request succeeded by the default rule: a response with a status below 400. */
    public boolean ok() {
        return raw.status() > 0 && raw.status() < 400;
    }

    /** What went wrong (an HTTP error status or a connection error), or null. */
    public String error() {
        return error;
    }

    /** The final URL, after redirects. */
    public String url() {
        return url;
    }

    /** The name the request is counted under. */
    public String name() {
        return name;
    }

    public String method() {
        return method;
    }

    /**
     * The response time counted in the statistics (Locust's {@code response_time}), in milliseconds: from
     * sending the request to the end of the last body, redirects included.
     */
    public double elapsedMs() {
        return elapsedMs;
    }

    /**
     * requests' {@code response.elapsed}: from sending the (last) request to the arrival of its response's
     * headers, so without the body and without earlier redirect hops; null when there was no response.
     */
    public java.time.Duration elapsed() {
        return raw.headersNanos() < 0 ? null : java.time.Duration.ofNanos(raw.headersNanos());
    }

    /**
     * requests' {@code raise_for_status()}: throws {@link HttpError} when the status is 400 or more or there was
     * no response (the message is {@link #error()}); returns this response otherwise, to chain
     * {@code client.get("/x").raiseForStatus().json()}.
     */
    public Response raiseForStatus() {
        if (raw.status() == 0 || raw.status() >= 400) {
            throw new HttpError(raw.status() == 0 ? error : "HTTP " + raw.status() + " for url: " + name, this);
        }
        return this;
    }

    /** The first value of a response header (case-insensitive), or null. */
    public String header(String name) {
        return raw.headers().first(name);
    }

    public HttpHeaders headers() {
        return raw.headers().http();
    }

    /** The body, or its first {@code maxBodyBytes} when {@link #truncated()}. */
    public byte[] bytes() {
        return raw.body().clone();
    }

    /**
     * The length of the body as received, in bytes (Locust's content length in the statistics): all of it,
     * also when only the first {@code maxBodyBytes} were kept.
     */
    public long contentLength() {
        return raw.bodyLength();
    }

    /** True when the body was longer than the bound: only its first bytes are in {@link #bytes()} and {@link #text()}. */
    public boolean truncated() {
        return raw.bodyLength() > raw.body().length;
    }

    /** The body as text, in the charset of its Content-Type (UTF-8 by default). */
    public String text() {
        if (text == null) {
            text = new String(raw.body(), charset());
        }
        return text;
    }

    /** The body parsed as JSON; throws {@link ResponseError} (a failure inside a check) when it is not JSON. */
    public JsonNode json() {
        if (json == null && truncated()) {
            throw new ResponseError("response of " + method + " " + name + " is " + raw.bodyLength()
                    + " bytes, cut at " + raw.body().length + ": raise the bound with maxBodyBytes to parse it as JSON");
        }
        if (json == null) {
            try {
                json = JSON.readTree(raw.body());
            } catch (java.io.IOException e) {
                throw new ResponseError("response of " + method + " " + name + " is not JSON: " + e.getMessage());
            }
        }
        return json;
    }

    /** The body parsed as JSON into {@code type}. */
    public <T> T json(Class<T> type) {
        try {
            return JSON.treeToValue(json(), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
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

    /** Inside a catch-response check: counts this request as a failure with this reason. */
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

    boolean hasManualResult() {
        return manualSuccess != null;
    }

    /** The error to record after a check: the manual result if any, else the default rule. */
    String outcomeError() {
        if (manualSuccess != null) {
            return manualSuccess ? null : manualFailure;
        }
        return error;
    }

    /** The class of {@link #outcomeError()}, for the metrics. */
    ErrorClass outcomeErrorClass() {
        if (manualSuccess != null) {
            return manualSuccess ? null : ErrorClass.CHECK;
        }
        return errorClass;
    }

    ErrorClass errorClass() {
        return errorClass;
    }

    /** A check threw {@link ResponseError}: the request failed the loadfile's check. */
    void failWith(String message) {
        this.error = message;
        this.errorClass = ErrorClass.CHECK;
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
        return method + " " + url + " -> " + raw.status() + (error == null ? "" : " (" + error + ")");
    }
}
