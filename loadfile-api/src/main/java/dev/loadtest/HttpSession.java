package dev.loadtest;

import java.util.Map;

/**
 * A user's HTTP session (Locust's {@code HttpSession}): requests relative to the host, its own cookie jar,
 * session headers and auth, redirects followed hop by hop (so that cookies set on the way are kept), bodies
 * bounded in memory, and every request counted in the statistics under its name. A status of 400 or more,
 * a connection error or a timeout is a failure; none of them throws: the {@link Response} says what
 * happened. {@link HttpUser} sends through the JDK's HttpClient, {@link FastHttpUser} through a lean
 * HTTP/1.1 client; both behave the same here.
 *
 * <p>This jar holds only the contract. The runner supplies the implementations and binds one into each
 * user when it starts ({@link UserContext#newHttpSession(boolean)}): the transports need the run's shared
 * client, TLS settings and statistics, which only the running engine has, so the engine's context creates
 * them rather than a {@link java.util.ServiceLoader} lookup that would still need that context and could
 * only fail at run time. Loadfiles use the session a user is given ({@link HttpUser#client}); a subclass of
 * their own (a fake for a unit test of a task) implements {@link #request} and the cookie methods.
 */
public abstract class HttpSession {

    /** Of a response body, this many bytes are kept by default; the rest is read, counted and dropped. */
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

    /** For implementations: the runner's transports, or a fake of a loadfile's own tests. */
    protected HttpSession() {
    }

    /**
     * Sends a request with any method: the one all the shortcuts below call.
     *
     * @param method  the HTTP method, in any case ("get" is sent as GET)
     * @param path    a path relative to the host, or an absolute http(s) URL
     * @param options the request's options, {@link RequestOptions#with()}
     * @return the response; a failure is in {@link Response#error()}, never thrown
     */
    public abstract Response request(String method, String path, RequestOptions options);

    /**
     * How much of a response body this session keeps in memory (default {@value #DEFAULT_MAX_BODY_BYTES}
     * bytes, 4 MiB). The rest is still read, so the connection stays usable, and counted: the statistics and
     * {@link Response#contentLength()} have the whole length, {@link Response#truncated()} says it was cut.
     * A request's {@code with().maxBodyBytes(n)} wins.
     *
     * @param bytes the bound, 0 or more
     */
    public abstract void maxBodyBytes(int bytes);

    /**
     * Headers sent with every request of this session (requests' {@code session.headers}), e.g.
     * {@code client.headers().put("X-Api-Key", key)}. Names are case-insensitive; a request's own header
     * of the same name wins.
     *
     * @return the session's headers, to change in place
     */
    public abstract Map<String, String> headers();

    /**
     * Credentials for every request of this session (requests' {@code session.auth}): {@link Auth#basic} or
     * {@link Auth#bearer}; null sends none. A request's {@code with().auth(...)} wins. Like requests, the
     * Authorization header is not sent on after a redirect to another host.
     *
     * @param auth the credentials, or null for none
     */
    public abstract void auth(Auth auth);

    /**
     * The value of a cookie this session holds.
     *
     * @param name the cookie's name
     * @return its value, or null when the session has no such cookie
     */
    public abstract String cookie(String name);

    /** Forgets every cookie, like a new browser session. */
    public abstract void clearCookies();

    /**
     * Closes this session's own connections, if it has any: the runner calls it once the user has stopped.
     * The JDK transport shares its connections with the run and closes nothing.
     */
    protected void close() {
    }

    /** Closes a session for {@link HttpUser}, which lives in this package but is not a subclass. */
    static void close(HttpSession session) {
        session.close();
    }

    /**
     * A GET.
     *
     * @param path the path, relative to the host
     * @return the response
     */
    public final Response get(String path) {
        return request("GET", path, RequestOptions.NONE);
    }

    /**
     * A GET with options.
     *
     * @param path    the path, relative to the host
     * @param options the request's options
     * @return the response
     */
    public final Response get(String path, RequestOptions options) {
        return request("GET", path, options);
    }

    /**
     * A POST without a body ({@code Content-Length: 0}).
     *
     * @param path the path, relative to the host
     * @return the response
     */
    public final Response post(String path) {
        return request("POST", path, RequestOptions.NONE);
    }

    /**
     * A POST with options (its body among them).
     *
     * @param path    the path, relative to the host
     * @param options the request's options
     * @return the response
     */
    public final Response post(String path, RequestOptions options) {
        return request("POST", path, options);
    }

    /**
     * A POST of UTF-8 text.
     *
     * @param path the path, relative to the host
     * @param body the body, sent as UTF-8
     * @return the response
     */
    public final Response post(String path, String body) {
        return request("POST", path, RequestOptions.with().body(body));
    }

    /**
     * A PUT without a body.
     *
     * @param path the path, relative to the host
     * @return the response
     */
    public final Response put(String path) {
        return request("PUT", path, RequestOptions.NONE);
    }

    /**
     * A PUT with options.
     *
     * @param path    the path, relative to the host
     * @param options the request's options
     * @return the response
     */
    public final Response put(String path, RequestOptions options) {
        return request("PUT", path, options);
    }

    /**
     * A PATCH without a body.
     *
     * @param path the path, relative to the host
     * @return the response
     */
    public final Response patch(String path) {
        return request("PATCH", path, RequestOptions.NONE);
    }

    /**
     * A PATCH with options.
     *
     * @param path    the path, relative to the host
     * @param options the request's options
     * @return the response
     */
    public final Response patch(String path, RequestOptions options) {
        return request("PATCH", path, options);
    }

    /**
     * A DELETE.
     *
     * @param path the path, relative to the host
     * @return the response
     */
    public final Response delete(String path) {
        return request("DELETE", path, RequestOptions.NONE);
    }

    /**
     * A DELETE with options.
     *
     * @param path    the path, relative to the host
     * @param options the request's options
     * @return the response
     */
    public final Response delete(String path, RequestOptions options) {
        return request("DELETE", path, options);
    }

    /**
     * A HEAD; redirects are not followed unless asked for, as in Locust.
     *
     * @param path the path, relative to the host
     * @return the response
     */
    public final Response head(String path) {
        return request("HEAD", path, RequestOptions.NONE);
    }

    /**
     * A HEAD with options.
     *
     * @param path    the path, relative to the host
     * @param options the request's options
     * @return the response
     */
    public final Response head(String path, RequestOptions options) {
        return request("HEAD", path, options);
    }

    /**
     * An OPTIONS request.
     *
     * @param path the path, relative to the host
     * @return the response
     */
    public final Response options(String path) {
        return request("OPTIONS", path, RequestOptions.NONE);
    }

    /**
     * An OPTIONS request with options.
     *
     * @param path    the path, relative to the host
     * @param options the request's options
     * @return the response
     */
    public final Response options(String path, RequestOptions options) {
        return request("OPTIONS", path, options);
    }

    /**
     * Checks a body bound.
     *
     * @param bytes the bound
     * @return the bound, when 0 or more
     * @throws IllegalArgumentException when negative
     */
    static int checkMaxBody(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be 0 or more, got " + bytes);
        }
        return bytes;
    }
}
