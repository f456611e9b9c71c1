package dev.loadtest.runner.http;

import dev.loadtest.Auth;
import dev.loadtest.HttpSession;
import dev.loadtest.Internal;
import dev.loadtest.RequestOptions;
import dev.loadtest.Response;
import dev.loadtest.ResponseError;
import dev.loadtest.StopUser;
import dev.loadtest.runner.stats.ErrorClass;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runner's {@link HttpSession}: everything but the wire (the cookie jar, session headers and auth,
 * redirects followed hop by hop, bodies bounded in memory, catch-response checks, every request recorded in
 * the statistics), the same for both transports, which implement {@link #exchange} only.
 */
public abstract sealed class RunnerHttpSession extends HttpSession permits JdkHttpSession, FastHttpSession {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_REDIRECTS = 30;

    private final SessionContext context;
    private static final int URI_CACHE_SLOTS = 16;
    private String[] cachedPaths;
    private URI[] cachedUris;
    /** Created with the first cookie: most load tests set none, and 10,000 idle users need no 10,000 stores. */
    private CookieManager cookies;
    private boolean hasCookies;
    /** Created on first use, as the cookie store: most users never set a session header. */
    private Map<String, String> headers;
    private Auth auth;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    RunnerHttpSession(SessionContext context) {
        this.context = context;
    }

    /**
     * One request and its response, without redirects, cookies or statistics: the transport's part. Of the
     * body it keeps {@code maxBody} bytes at most and counts the rest.
     */
    abstract RawResponse exchange(String verb, URI uri, List<String> headers, byte[] body, Duration timeout,
                                  int maxBody) throws IOException, InterruptedException;

    /** A response and the class of its failure, for the metrics (null for a success). */
    private record Sent(Response response, ErrorClass errorClass) {
    }

    /**
     * How much of a response body this session keeps in memory (default {@value #DEFAULT_MAX_BODY_BYTES}
     * bytes, 4 MiB). The rest is still read, so the connection stays usable, and counted: the statistics and
     * {@link Response#contentLength()} have the whole length, {@link Response#truncated()} says it was cut.
     * A request's {@code with().maxBodyBytes(n)} wins.
     */
    @Override
    public void maxBodyBytes(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be 0 or more, got " + bytes);
        }
        this.maxBodyBytes = bytes;
    }

    /**
     * Headers sent with every request of this session (requests' {@code session.headers}), e.g.
     * {@code client.headers().put("X-Api-Key", key)}. Names are case-insensitive; a request's own header
     * of the same name wins.
     */
    @Override
    public Map<String, String> headers() {
        if (headers == null) {
            headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        }
        return headers;
    }

    /**
     * Credentials for every request of this session (requests' {@code session.auth}): {@link Auth#basic} or
     * {@link Auth#bearer}; null sends none. A request's {@code with().auth(...)} wins. Like requests, the
     * Authorization header is not sent on after a redirect to another host.
     */
    @Override
    public void auth(Auth auth) {
        this.auth = auth;
    }

    private CookieManager cookieManager() {
        if (cookies == null) {
            cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        }
        return cookies;
    }

    /** The value of a cookie this session holds, or null. */
    @Override
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
    @Override
    public void clearCookies() {
        if (cookies != null) {
            cookies.getCookieStore().removeAll();
        }
        hasCookies = false;
    }

    /** Sends a request with any method. */
    @Override
    public Response request(String method, String path, RequestOptions options) {
        String verb = method.toUpperCase(Locale.ROOT);
        List<String> params = Internal.params(options);
        URI uri = params == null ? resolve(path) : withParams(resolve(path), params);
        String name = Internal.name(options) != null ? Internal.name(options) : nameOf(uri);
        Boolean redirects = Internal.allowRedirects(options);
        boolean follow = redirects != null ? redirects : !"HEAD".equals(verb);
        long start = System.nanoTime();
        Sent sent = send(verb, uri, name, options, follow, start);
        RequestOptions.ResponseCheck check = Internal.check(options);
        Response response = sent.response();
        if (check == null) {
            context.recordRequest(verb, name, micros(response), response.contentLength(), response.error(),
                    sent.errorClass());
            return response;
        }
        return checked(sent, check);
    }

    private Sent send(String verb, URI first, String name, RequestOptions options, boolean follow, long start) {
        URI uri = first;
        String currentVerb = verb;
        byte[] body = Internal.body(options);
        String contentType = Internal.contentType(options);
        List<String> form = Internal.form(options);
        List<RequestOptions.FileUpload> files = Internal.files(options);
        if (files != null) {
            FormEncoding.Multipart multipart = FormEncoding.multipart(form == null ? List.of() : form, files);
            body = multipart.body();
            contentType = multipart.contentType();
        } else if (form != null) {
            body = FormEncoding.urlencode(form).getBytes(StandardCharsets.US_ASCII);
            contentType = FormEncoding.FORM;
        }
        List<String> outgoing = requestHeaders(options, contentType);
        Duration timeout = Internal.timeout(options) == null ? DEFAULT_TIMEOUT : Internal.timeout(options);
        int maxBody = Internal.maxBodyBytes(options) >= 0 ? Internal.maxBodyBytes(options) : maxBodyBytes;
        try {
            for (int hop = 0; ; hop++) {
                RawResponse r = exchange(currentVerb, uri, withCookies(uri, outgoing), body, timeout, maxBody);
                if (r.headers().contains("Set-Cookie") || r.headers().contains("Set-Cookie2")) {
                    cookieManager().put(uri, r.headers().http().map());
                    hasCookies = !cookies.getCookieStore().getCookies().isEmpty();
                }
                String location = r.headers().first("Location");
                if (follow && isRedirect(r.status()) && location != null && hop < MAX_REDIRECTS) {
                    URI next = uri.resolve(location);
                    currentVerb = redirectedVerb(r.status(), currentVerb);
                    if (r.status() != 307 && r.status() != 308) {
                        // requests drops the body, and the headers that describe it, on every other redirect
                        body = null;
                        outgoing = without(outgoing, "Content-Type");
                    }
                    if (!sameHost(uri, next)) {
                        outgoing = without(outgoing, "Authorization");
                    }
                    uri = next;
                    continue;
                }
                int status = r.status();
                String error = status >= 400 ? "HTTP " + status + " for url: " + name : null;
                HeaderList h = r.headers();
                return new Sent(Internal.response(verb, name, uri.toString(), status, r.httpVersion(),
                        r.headersNanos(), r.body(), r.bodyLength(), h::first, h::http, elapsedMs(start), error),
                        ErrorClass.ofStatus(status));
            }
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new StopUser();
            }
            return new Sent(Internal.response(verb, name, uri.toString(), 0, null, -1, null, 0, null, null,
                    elapsedMs(start), describe(e, timeout)), ErrorClass.of(e));
        } catch (InterruptedException e) {
            // The user is being stopped mid-request: like a killed Locust greenlet, nothing is recorded.
            Thread.currentThread().interrupt();
            throw new StopUser();
        }
    }

    /**
     * The session's headers, then the request's (a request header replaces the session's of the same name),
     * the body's Content-Type unless one of them set it, and Authorization from the request's or the session's
     * auth, which wins over an Authorization header as in requests. Without session headers, auth or a body
     * type this is the request's own list, as it was: the common request allocates nothing here.
     */
    private List<String> requestHeaders(RequestOptions options, String contentType) {
        Auth effectiveAuth = Internal.auth(options) != null ? Internal.auth(options) : auth;
        boolean sessionHeaders = headers != null && !headers.isEmpty();
        if (!sessionHeaders && effectiveAuth == null && contentType == null) {
            return Internal.headers(options);
        }
        List<String> own = Internal.headers(options);
        List<String> all = new ArrayList<>(own.size() + 2 * (sessionHeaders ? headers.size() : 0) + 4);
        if (sessionHeaders) {
            headers.forEach((k, v) -> {
                if (!containsHeader(own, k)) {
                    all.add(k);
                    all.add(v);
                }
            });
        }
        all.addAll(own);
        if (contentType != null && !containsHeader(all, "Content-Type")) {
            all.add("Content-Type");
            all.add(contentType);
        }
        if (effectiveAuth != null) {
            List<String> withoutAuth = without(all, "Authorization");
            withoutAuth.add("Authorization");
            withoutAuth.add(effectiveAuth.header());
            return withoutAuth;
        }
        return all;
    }

    private static boolean containsHeader(List<String> pairs, String name) {
        for (int i = 0; i < pairs.size(); i += 2) {
            if (pairs.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> without(List<String> pairs, String name) {
        List<String> kept = new ArrayList<>(pairs.size() + 2);
        for (int i = 0; i < pairs.size(); i += 2) {
            if (!pairs.get(i).equalsIgnoreCase(name)) {
                kept.add(pairs.get(i));
                kept.add(pairs.get(i + 1));
            }
        }
        return kept;
    }

    /** requests' {@code rebuild_method}: 303 becomes GET (but HEAD), so does 302, and 301 after a POST. */
    private static String redirectedVerb(int status, String verb) {
        if ((status == 303 || status == 302) && !"HEAD".equals(verb)) {
            return "GET";
        }
        return status == 301 && "POST".equals(verb) ? "GET" : verb;
    }

    /** requests keeps credentials across a redirect only to the same host, or from http to https on it. */
    private static boolean sameHost(URI from, URI to) {
        if (from.getHost() == null || !from.getHost().equalsIgnoreCase(to.getHost())) {
            return false;
        }
        if (from.getScheme().equalsIgnoreCase(to.getScheme())) {
            return effectivePort(from) == effectivePort(to);
        }
        return "http".equalsIgnoreCase(from.getScheme()) && effectivePort(from) == 80 && effectivePort(to) == 443;
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** The URI with the parameters appended to its query, '&'-joined as requests does. */
    private static URI withParams(URI uri, List<String> params) {
        String encoded = FormEncoding.urlencode(params);
        String s = uri.toString();
        int hash = s.indexOf('#');
        String fragment = hash < 0 ? "" : s.substring(hash);
        String base = hash < 0 ? s : s.substring(0, hash);
        String sep = uri.getRawQuery() == null ? "?" : uri.getRawQuery().isEmpty() ? "" : "&";
        return URI.create(base + sep + encoded + fragment);
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

    private Response checked(Sent sent, RequestOptions.ResponseCheck check) {
        Response response = sent.response();
        Internal.beginCheck(response);
        try {
            check.check(response);
        } catch (ResponseError e) {
            Internal.endCheck(response);
            if (Internal.manualResult(response) != null) {
                record(response, sent.errorClass());
                throw e;
            }
            Internal.failWith(response, e.getMessage());
            record(response, ErrorClass.CHECK);
            return response;
        } catch (Exception e) {
            // Locust: without a manual result, any other exception propagates and the request is not counted.
            Internal.endCheck(response);
            if (Internal.manualResult(response) != null) {
                record(response, sent.errorClass());
            }
            throw sneaky(e);
        }
        Internal.endCheck(response);
        record(response, sent.errorClass());
        return response;
    }

    /** Records a checked response: a manual result decides its error and class, else the default rule's. */
    private void record(Response response, ErrorClass defaultClass) {
        Boolean manual = Internal.manualResult(response);
        ErrorClass errorClass = manual == null ? defaultClass : manual ? null : ErrorClass.CHECK;
        context.recordRequest(response.method(), response.name(), micros(response), response.contentLength(),
                Internal.outcomeError(response), errorClass);
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
    static String describe(Throwable e, Duration timeout) {
        if (isResponseTimeout(e)) {
            return "Timeout: no complete response within " + timeout.toMillis() + " ms";
        }
        return describe(e);
    }

    /**
     * The request's own timeout expired (not a connect timeout of the JDK client's own): the transports throw
     * different exceptions for it, and the failures report should group them as one.
     */
    private static boolean isResponseTimeout(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return false;
        }
        return e instanceof HttpTimeoutException || e instanceof FastConnection.ExchangeTimeoutException;
    }

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
