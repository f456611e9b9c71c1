package dev.loadtest;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The runner's way into this package's package-private state: attaching users, task sets and shapes to a
 * run, calling their lifecycle methods, building {@link Response}s and reading {@link RequestOptions}. It
 * is public only because the runner lives in other packages (in the same way the JDK's own "shared secrets"
 * are). <b>Not part of the loadfile API</b>: a loadfile that calls it is rejected by the runner's compiler,
 * and its methods change without notice.
 */
public final class Internal {

    private Internal() {
    }

    /**
     * Binds a user to its run before it starts (creating an {@link HttpUser}'s session).
     *
     * @param user    the user
     * @param context the run as the user sees it
     */
    public static void attach(User user, UserContext context) {
        user.attach(context);
    }

    /**
     * Releases what a stopped user holds (its session's connections).
     *
     * @param user the user
     */
    public static void detach(User user) {
        user.detach();
    }

    /**
     * Binds a task set to the user that runs it.
     *
     * @param taskSet the task set
     * @param user    the user running it
     * @param parent  the enclosing task set, or the user
     */
    public static void attach(TaskSet taskSet, User user, Object parent) {
        taskSet.attach(user, parent);
    }

    /**
     * Gives a load shape its view of the run.
     *
     * @param shape        the shape
     * @param runTime      seconds since the test started
     * @param currentUsers users running now
     */
    public static void attach(LoadShape shape, DoubleSupplier runTime, IntSupplier currentUsers) {
        shape.attach(runTime, currentUsers);
    }

    /**
     * A user's wait time, asked once per user.
     *
     * @param user the user
     * @return its wait time
     */
    public static WaitTime waitTime(User user) {
        return user.waitTime();
    }

    /**
     * A task set's own wait time.
     *
     * @param taskSet the task set
     * @return its wait time, or null to use its user's
     */
    public static WaitTime waitTime(TaskSet taskSet) {
        return taskSet.waitTime();
    }

    /**
     * Runs a user's {@code onStart}.
     *
     * @param user the user
     * @throws Exception what it throws
     */
    public static void onStart(User user) throws Exception {
        user.onStart();
    }

    /**
     * Runs a user's {@code onStop}.
     *
     * @param user the user
     * @throws Exception what it throws
     */
    public static void onStop(User user) throws Exception {
        user.onStop();
    }

    /**
     * Runs a task set's {@code onStart}.
     *
     * @param taskSet the task set
     * @throws Exception what it throws
     */
    public static void onStart(TaskSet taskSet) throws Exception {
        taskSet.onStart();
    }

    /**
     * Runs a task set's {@code onStop}.
     *
     * @param taskSet the task set
     * @throws Exception what it throws
     */
    public static void onStop(TaskSet taskSet) throws Exception {
        taskSet.onStop();
    }

    /**
     * A response as a transport read it.
     *
     * @param method       the request's method
     * @param name         the name it is counted under
     * @param url          the final URL
     * @param status       the status, 0 when there was no response
     * @param httpVersion  "HTTP/1.1" or "HTTP/2", null without a response
     * @param headersNanos from sending the last request to its response's headers, negative without one
     * @param body         the kept body bytes (not copied), null for none
     * @param bodyLength   the whole body's length
     * @param firstHeader  the first value of a header by name, null for none
     * @param allHeaders   all headers, built when asked; null for none
     * @param elapsedMs    the response time counted in the statistics
     * @param error        what went wrong, or null
     * @return the response
     */
    public static Response response(String method, String name, String url, int status, String httpVersion,
                                    long headersNanos, byte[] body, long bodyLength,
                                    Function<String, String> firstHeader, Supplier<HttpHeaders> allHeaders,
                                    double elapsedMs, String error) {
        return new Response(method, name, url, status, httpVersion, headersNanos, body, bodyLength, firstHeader,
                allHeaders, elapsedMs, error);
    }

    /**
     * Lets a catch-response check call {@link Response#success()} and {@link Response#failure(String)}.
     *
     * @param response the response being checked
     */
    public static void beginCheck(Response response) {
        response.beginCheck();
    }

    /**
     * Ends a catch-response check.
     *
     * @param response the response that was checked
     */
    public static void endCheck(Response response) {
        response.endCheck();
    }

    /**
     * What a check decided.
     *
     * @param response the checked response
     * @return true or false for a manual success or failure, null when the check decided nothing
     */
    public static Boolean manualResult(Response response) {
        return response.manualResult();
    }

    /**
     * The error to record after a check.
     *
     * @param response the checked response
     * @return the manual failure's reason, or the default rule's error; null for a success
     */
    public static String outcomeError(Response response) {
        return response.outcomeError();
    }

    /**
     * Marks a response failed by a check that threw {@link ResponseError}.
     *
     * @param response the response
     * @param message  the error's message
     */
    public static void failWith(Response response, String message) {
        response.failWith(message);
    }

    /**
     * {@return the name to count it under, or null for its path}
     *
     * @param options a request's options
     */
    public static String name(RequestOptions options) {
        return options.name;
    }

    /**
     * {@return its headers as name, value pairs}
     *
     * @param options a request's options
     */
    public static List<String> headers(RequestOptions options) {
        return options.headers;
    }

    /**
     * {@return its raw body (body() or json()), or null}
     *
     * @param options a request's options
     */
    public static byte[] body(RequestOptions options) {
        return options.body;
    }

    /**
     * {@return the Content-Type its raw body implies, or null}
     *
     * @param options a request's options
     */
    public static String contentType(RequestOptions options) {
        return options.contentType;
    }

    /**
     * {@return its query parameters as name, value pairs, or null}
     *
     * @param options a request's options
     */
    public static List<String> params(RequestOptions options) {
        return options.params;
    }

    /**
     * {@return its form fields as name, value pairs, or null}
     *
     * @param options a request's options
     */
    public static List<String> form(RequestOptions options) {
        return options.form;
    }

    /**
     * {@return its files to upload, or null}
     *
     * @param options a request's options
     */
    public static List<RequestOptions.FileUpload> files(RequestOptions options) {
        return options.files;
    }

    /**
     * {@return its own credentials, or null}
     *
     * @param options a request's options
     */
    public static Auth auth(RequestOptions options) {
        return options.auth;
    }

    /**
     * {@return its body bound, negative for the session's}
     *
     * @param options a request's options
     */
    public static int maxBodyBytes(RequestOptions options) {
        return options.maxBodyBytes;
    }

    /**
     * {@return its timeout, or null for the default}
     *
     * @param options a request's options
     */
    public static Duration timeout(RequestOptions options) {
        return options.timeout;
    }

    /**
     * {@return whether to follow redirects, or null when not set (the method's default)}
     *
     * @param options a request's options
     */
    public static Boolean allowRedirects(RequestOptions options) {
        return options.redirectsSet ? options.allowRedirects : null;
    }

    /**
     * {@return its catch-response check, or null}
     *
     * @param options a request's options
     */
    public static RequestOptions.ResponseCheck check(RequestOptions options) {
        return options.check;
    }
}
