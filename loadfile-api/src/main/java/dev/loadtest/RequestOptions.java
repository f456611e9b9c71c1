package dev.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Options of one request: {@code client.get("/items/42", with().name("/items/[id]").header("X-Trace", "1"))}.
 * Build with {@link #with()} (statically imported).
 */
public final class RequestOptions {

    static final RequestOptions NONE = new RequestOptions();

    /** Use {@link #with()}. */
    private RequestOptions() {
    }

    String name;
    final List<String> headers = new ArrayList<>();
    byte[] body;
    /** The Content-Type the body implies, sent unless a header (the request's or the session's) sets one. */
    String contentType;
    /** Query parameters as name, value pairs; null when none. */
    List<String> params;
    /** Form fields as name, value pairs; null when none. */
    List<String> form;
    List<FileUpload> files;
    Auth auth;
    /** Negative: the session's bound. */
    int maxBodyBytes = -1;
    Duration timeout;
    boolean allowRedirects = true;
    boolean redirectsSet;
    ResponseCheck check;

    /** {@return new, empty options, to chain: {@code with().name("x").header("k", "v")}} */
    public static RequestOptions with() {
        return new RequestOptions();
    }

    /**
     * The name the request is counted under in the statistics (Locust's {@code name=}); default its path.
     *
     * @param name the statistics row's name
     * @return these options
     */
    public RequestOptions name(String name) {
        this.name = name;
        return this;
    }

    /**
     * A request header; a header of the session with the same name is replaced.
     *
     * @param name  the header's name
     * @param value its value
     * @return these options
     */
    public RequestOptions header(String name, String value) {
        headers.add(name);
        headers.add(value);
        return this;
    }

    /**
     * The body as UTF-8 text (requests' {@code data="..."}); set a Content-Type header if the server needs one.
     *
     * @param body the body
     * @return these options
     */
    public RequestOptions body(String body) {
        return rawBody(body.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * The body as bytes (copied); set a Content-Type header if the server needs one.
     *
     * @param body the body
     * @return these options
     */
    public RequestOptions body(byte[] body) {
        return rawBody(body.clone(), null);
    }

    /**
     * A JSON body and {@code Content-Type: application/json} (requests' {@code json=}), written compactly by
     * {@link Json#write}: maps, lists, arrays, records, strings, numbers, booleans and null.
     *
     * @param value the value to send
     * @return these options
     * @throws IllegalArgumentException when the value cannot be written as JSON
     */
    public RequestOptions json(Object value) {
        return rawBody(Json.write(value).getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private RequestOptions rawBody(byte[] bytes, String type) {
        if (form != null || files != null) {
            throw new IllegalStateException("a request has one body: body()/json() cannot be combined with "
                    + "form()/formField()/file(); put the values in the form instead");
        }
        this.body = bytes;
        this.contentType = type;
        return this;
    }

    /**
     * A query parameter (requests' {@code params=}): encoded as requests encodes it (UTF-8, space as '+') and
     * appended to any query already in the path. The request is counted under its path with the whole query,
     * as in Locust; name it with {@link #name(String)} when values vary. Repeat a name for several values.
     *
     * @param name  the parameter's name
     * @param value its value, as text ({@code String.valueOf})
     * @return these options
     */
    public RequestOptions param(String name, Object value) {
        if (params == null) {
            params = new ArrayList<>();
        }
        params.add(name);
        params.add(String.valueOf(value));
        return this;
    }

    /**
     * Several query parameters; an {@link Iterable} value repeats the name once per element.
     *
     * @param values name to value (or values)
     * @return these options
     */
    public RequestOptions params(Map<String, ?> values) {
        values.forEach((k, v) -> {
            if (v instanceof Iterable<?> many) {
                many.forEach(one -> param(k, one));
            } else {
                param(k, v);
            }
        });
        return this;
    }

    /**
     * A form field (requests' {@code data={...}}): the body becomes {@code application/x-www-form-urlencoded},
     * or, together with a {@link #file}, a field of the multipart body.
     *
     * @param name  the field's name
     * @param value its value, as text ({@code String.valueOf})
     * @return these options
     */
    public RequestOptions formField(String name, Object value) {
        requireNoRawBody("formField()");
        if (form == null) {
            form = new ArrayList<>();
        }
        form.add(name);
        form.add(String.valueOf(value));
        return this;
    }

    /**
     * Several form fields; an {@link Iterable} value repeats the name once per element.
     *
     * @param values name to value (or values)
     * @return these options
     */
    public RequestOptions form(Map<String, ?> values) {
        requireNoRawBody("form()");
        values.forEach((k, v) -> {
            if (v instanceof Iterable<?> many) {
                many.forEach(one -> formField(k, one));
            } else {
                formField(k, v);
            }
        });
        return this;
    }

    /**
     * A file to upload (requests' {@code files={field: (filename, content, contentType)}}): the body becomes
     * {@code multipart/form-data}, form fields first, then the files, each part with its Content-Disposition
     * ({@code form-data; name="field"; filename="..."}) and this Content-Type.
     *
     * @param field       the form field's name
     * @param filename    the file name sent
     * @param content     the file's bytes
     * @param contentType the part's Content-Type, or null for none
     * @return these options
     */
    public RequestOptions file(String field, String filename, byte[] content, String contentType) {
        requireNoRawBody("file()");
        if (files == null) {
            files = new ArrayList<>();
        }
        files.add(new FileUpload(field, filename, content.clone(), contentType));
        return this;
    }

    /**
     * A file to upload without a Content-Type of its own, as requests sends {@code (filename, content)}.
     *
     * @param field    the form field's name
     * @param filename the file name sent
     * @param content  the file's bytes
     * @return these options
     */
    public RequestOptions file(String field, String filename, byte[] content) {
        return file(field, filename, content, null);
    }

    /**
     * A file read from disk now, sent under its own file name (requests' {@code files={field: open(path)}}).
     *
     * @param field the form field's name
     * @param path  the file to read
     * @return these options
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public RequestOptions file(String field, Path path) {
        try {
            return file(field, path.getFileName().toString(), Files.readAllBytes(path), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the file to upload for field '" + field + "': " + path, e);
        }
    }

    private void requireNoRawBody(String call) {
        if (body != null) {
            throw new IllegalStateException("a request has one body: " + call + " cannot be combined with "
                    + "body()/json()");
        }
    }

    /**
     * Credentials for this request only (requests' {@code auth=}); they win over the session's.
     *
     * @param auth {@link Auth#basic} or {@link Auth#bearer}
     * @return these options
     */
    public RequestOptions auth(Auth auth) {
        this.auth = auth;
        return this;
    }

    /**
     * Gives up on the request after this long (default 60 s): connecting, sending and the whole response,
     * body included. A timeout is a failure ("Timeout: no complete response within N ms"), status 0.
     *
     * @param timeout the longest the whole exchange may take
     * @return these options
     */
    public RequestOptions timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /**
     * Keeps at most this many bytes of this response's body (the session's bound, 4 MiB by default, otherwise);
     * the rest is read, counted in the statistics and dropped. 0 keeps nothing: a download measured, not held.
     *
     * @param bytes the bound, 0 or more
     * @return these options
     * @throws IllegalArgumentException when negative
     */
    public RequestOptions maxBodyBytes(int bytes) {
        this.maxBodyBytes = HttpSession.checkMaxBody(bytes);
        return this;
    }

    /**
     * Follow redirects (default true, except for HEAD as in Locust).
     *
     * @param allow whether to follow redirects
     * @return these options
     */
    public RequestOptions allowRedirects(boolean allow) {
        this.allowRedirects = allow;
        this.redirectsSet = true;
        return this;
    }

    /**
     * Decides success yourself (Locust's {@code catch_response=True}): inside {@code check}, call
     * {@link Response#success()} or {@link Response#failure(String)} (the last call wins), or throw
     * {@link ResponseError}. Without a call, the usual rule applies (status 400 or more fails).
     *
     * @param check decides the request's success
     * @return these options
     */
    public RequestOptions catchResponse(ResponseCheck check) {
        this.check = check;
        return this;
    }

    /** The check of a catch-response request. */
    @FunctionalInterface
    public interface ResponseCheck {
        /**
         * Checks a response.
         *
         * @param response the response
         * @throws Exception {@link ResponseError} to fail the request with its message; anything else propagates to
         *                   the task, as in Locust
         */
        void check(Response response) throws Exception;
    }

    /**
     * A file to upload, as given to {@link #file(String, String, byte[], String)}.
     *
     * @param field       the form field's name
     * @param filename    the file name sent in the part's Content-Disposition
     * @param content     the file's bytes
     * @param contentType the part's Content-Type, or null for none
     */
    public record FileUpload(String field, String filename, byte[] content, String contentType) {
    }
}
