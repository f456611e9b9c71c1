package dev.loadtest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of one request: {@code client.get("/items/42", with().name("/items/[id]").header("X-Trace", "1"))}.
 * Build with {@link #with()} (statically imported).
 */
public final class RequestOptions {

    static final RequestOptions NONE = new RequestOptions();

    String name;
    final List<String> headers = new ArrayList<>();
    byte[] body;
    Duration timeout;
    boolean allowRedirects = true;
    boolean redirectsSet;
    ResponseCheck check;

    public static RequestOptions with() {
        return new RequestOptions();
    }

    /** The name the request is counted under in the statistics (Locust's {@code name=}); default its path. */
    public RequestOptions name(String name) {
        this.name = name;
        return this;
    }

    public RequestOptions header(String name, String value) {
        headers.add(name);
        headers.add(value);
        return this;
    }

    public RequestOptions body(String body) {
        this.body = body.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public RequestOptions body(byte[] body) {
        this.body = body.clone();
        return this;
    }

    /** A JSON body (serialised with Jackson) and {@code Content-Type: application/json}. */
    public RequestOptions json(Object value) {
        try {
            this.body = Response.JSON.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise the request body as JSON: " + e.getMessage(), e);
        }
        return header("Content-Type", "application/json");
    }

    /** Gives up on the request after this long (default 60 s); a timeout counts as a failure. */
    public RequestOptions timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Follow redirects (default true, except for HEAD as in Locust). */
    public RequestOptions allowRedirects(boolean allow) {
        this.allowRedirects = allow;
        this.redirectsSet = true;
        return this;
    }

    /**
     * Decides success yourself (Locust's {@code catch_response=True}): inside {@code check}, call
     * {@link Response#success()} or {@link Response#failure(String)} (the last call wins), or throw
     * {@link ResponseError}. Without a call, the usual rule applies (status 400 or more fails).
     */
    public RequestOptions catchResponse(ResponseCheck check) {
        this.check = check;
        return this;
    }

    /** The check of a catch-response request. */
    @FunctionalInterface
    public interface ResponseCheck {
        void check(Response response) throws Exception;
    }
}
