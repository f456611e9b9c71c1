package dev.loadtest;

import dev.loadtest.runner.stats.ErrorClass;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A user's HTTP session (Locust's {@code HttpSession}): requests relative to the host, its own cookie jar,
 * redirects followed hop by hop (so that cookies set on the way are kept), and every request counted in the
 * statistics under its name. A status of 400 or more, a connection error or a timeout is a failure; none of
 * them throws: the {@link Response} says what happened. {@link HttpUser} sends through the JDK's
 * HttpClient, {@link FastHttpUser} through a lean HTTP/1.1 client; both behave the same here.
 */
public abstract sealed class HttpSession permits JdkHttpSession, FastHttpSession {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_REDIRECTS = 30;

    private final UserContext context;
    private static final int URI_CACHE_SLOTS = 16;
    private String[] cachedPaths;
    private URI[] cachedUris;
    /** Created with the first cookie: most load tests set none, and 10,000 idle users need no 10,000 stores. */
    private CookieManager cookies;
    private boolean hasCookies;

    HttpSession(UserContext context) {
        this.context = context;
    }

    /** One request and its response, without redirects, cookies or statistics: the transport's part. */
    abstract RawResponse exchange(String verb, URI uri, List<String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException;

    /** Closes this session's own connections, if it has any. */
    void close() {
    }

    /** A response as the transport read it; {@code httpVersion} as in {@link Response#httpVersion()}. */
    record RawResponse(int status, HeaderList headers, byte[] body, String httpVersion) {

        static final String HTTP_1_1 = "HTTP/1.1";

        /** FastHttpUser's client speaks nothing but HTTP/1.1. */
        RawResponse(int status, HeaderList headers, byte[] body) {
            this(status, headers, body, HTTP_1_1);
        }
    }

    public Response get(String path) {
        return request("GET", path, RequestOptions.NONE);
    }

    public Response get(String path, RequestOptions options) {
        return request("GET", path, options);
    }

    public Response post(String path, RequestOptions options) {
        return request("POST", path, options);
    }

    public Response post(String path, String body) {
        return request("POST", path, RequestOptions.with().body(body));
    }

    public Response put(String path, RequestOptions options) {
        return request("PUT", path, options);
    }

    public Response patch(String path, RequestOptions options) {
        return request("PATCH", path, options);
    }

    public Response delete(String path) {
        return request("DELETE", path, RequestOptions.NONE);
    }

    public Response delete(String path, RequestOptions options) {
        return request("DELETE", path, options);
    }

    public Response head(String path) {
        return request("HEAD", path, RequestOptions.NONE);
    }

    public Response head(String path, RequestOptions options) {
        return request("HEAD", path, options);
    }

    private CookieManager cookieManager() {
        if (cookies == null) {
            cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        }
        return cookies;
    }

    /** The value of a cookie this session holds, or null. */
    public String cookie(String name) {
        if (cookies == null) {
            return null;
        }
        for (HttpCookie c : cookies.getCookieStore().getCookies()) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    /** Forgets every cookie, like a new browser session. */
    public void clearCookies() {
        if (cookies != null) {
            cookies.getCookieStore().removeAll();
        }
        hasCookies = false;
    }

    /** Sends a request with any method. */
    public Response request(String method, String path, RequestOptions options) {
        String verb = method.toUpperCase(Locale.ROOT);
        URI uri = resolve(path);
        String name = options.name != null ? options.name : nameOf(uri);
        boolean follow = options.redirectsSet ? options.allowRedirects : !"HEAD".equals(verb);
        long start = System.nanoTime();
        Response response = send(verb, uri, name, options, follow, start);
        if (options.check == null) {
            context.recordRequest(verb, name, micros(response), response.contentLength(), response.error(),
                    response.errorClass());
            return response;
        }
        return checked(response, options.check);
    }

    private Response send(String verb, URI first, String name, RequestOptions options, boolean follow, long start) {
        URI uri = first;
        String currentVerb = verb;
        byte[] body = options.body;
        Duration timeout = options.timeout == null ? DEFAULT_TIMEOUT : options.timeout;
        try {
            for (int hop = 0; ; hop++) {
                RawResponse r = exchange(currentVerb, uri, withCookies(uri, options.headers), body, timeout);
                if (r.headers().contains("Set-Cookie") || r.headers().contains("Set-Cookie2")) {
                    cookieManager().put(uri, r.headers().http().map());
                    hasCookies = !cookies.getCookieStore().getCookies().isEmpty();
                }
                String location = r.headers().first("Location");
                if (follow && isRedirect(r.status()) && location != null && hop < MAX_REDIRECTS) {
                    uri = uri.resolve(location);
                    if (r.status() == 303 || ((r.status() == 301 || r.status() == 302) && "POST".equals(currentVerb))) {
                        currentVerb = "GET";
                        body = null;
                    }
                    continue;
                }
                int status = r.status();
                String error = status >= 400 ? "HTTP " + status + " for url: " + name : null;
                return new Response(verb, name, uri.toString(), status, r.headers(), r.body(), elapsedMs(start), error,
                        ErrorClass.ofStatus(status), r.httpVersion());
            }
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new StopUser();
            }
            return new Response(verb, name, uri.toString(), 0, null, null, elapsedMs(start), describe(e),
                    ErrorClass.of(e), null);
        } catch (InterruptedException e) {
            // The user is being stopped mid-request: like a killed Locust greenlet, nothing is recorded.
            Thread.currentThread().interrupt();
            throw new StopUser();
        }
    }

    /** The request's headers plus this session's cookies for {@code uri}, as name, value pairs. */
    private List<String> withCookies(URI uri, List<String> headers) throws IOException {
        if (!hasCookies) {
            return headers;
        }
        Map<String, List<String>> cookieHeaders = cookies.get(uri, Map.of());
        if (cookieHeaders.values().stream().allMatch(List::isEmpty)) {
            return headers;
        }
        List<String> all = new ArrayList<>(headers);
        cookieHeaders.forEach((header, values) -> values.forEach(v -> {
            all.add(header);
            all.add(v);
        }));
        return all;
    }

    private Response checked(Response response, RequestOptions.ResponseCheck check) {
        response.beginCheck();
        try {
            check.check(response);
        } catch (ResponseError e) {
            response.endCheck();
            if (response.hasManualResult()) {
                record(response);
                throw e;
            }
            response.failWith(e.getMessage());
            record(response);
            return response;
        } catch (Exception e) {
            // Locust: without a manual result, any other exception propagates and the request is not counted.
            response.endCheck();
            if (response.hasManualResult()) {
                record(response);
            }
            throw sneaky(e);
        }
        response.endCheck();
        record(response);
        return response;
    }

    private void record(Response response) {
        context.recordRequest(response.method(), response.name(), micros(response), response.contentLength(),
                response.outcomeError(), response.outcomeErrorClass());
    }

    /**
     * A user sends the same few paths again and again: a tiny direct-mapped cache of parsed URIs saves
     * parsing each one per request, at 16 slots a user.
     */
    private URI resolve(String path) {
        int slot = path.hashCode() & (URI_CACHE_SLOTS - 1);
        if (cachedPaths == null) {
            cachedPaths = new String[URI_CACHE_SLOTS];
            cachedUris = new URI[URI_CACHE_SLOTS];
        } else if (path.equals(cachedPaths[slot])) {
            return cachedUris[slot];
        }
        URI uri = parse(path);
        cachedPaths[slot] = path;
        cachedUris[slot] = uri;
        return uri;
    }

    private URI parse(String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return URI.create(path);
        }
        String host = context.host();
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("no host to send '" + path + "' to: pass -H/--host, spec.host, or "
                    + "annotate the user class with @Host(\"http://...\")");
        }
        String base = host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
        return URI.create(path.startsWith("/") ? base + path : base + "/" + path);
    }

    /** Locust names a request by its path and query, as sent before any redirect. */
    private static String nameOf(URI uri) {
        String p = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? p : p + "?" + uri.getRawQuery();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static long micros(Response response) {
        return Math.round(response.elapsedMs() * 1000);
    }

    private static double elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /**
     * The deepest cause that says something, as Locust unwraps connection errors to their lowest-level
     * cause: "ConnectException: Connection refused". The JDK often nests a message-less
     * ClosedChannelException under the informative exception, so causes without a message are skipped.
     */
    static String describe(Throwable e) {
        Throwable chosen = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                chosen = t;
            }
        }
        String message = chosen.getMessage();
        return chosen.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }

}
