package dev.loadtest.runner.stats;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * What kind of failure a failed request was, as the {@code error_class} label of
 * {@code loadtest_request_failures_total}. The error texts themselves are unbounded (they carry URLs and
 * messages), so metrics only get this short, fixed set; the texts stay in the run's statistics and reports.
 */
public enum ErrorClass {
    /** The server answered 400-499. */
    HTTP_4XX,
    /** The server answered 500 or more. */
    HTTP_5XX,
    /** No answer: refused, reset, closed, unknown host, a broken response. */
    CONNECTION,
    /** No answer in time: a connect, read or request timeout. */
    TIMEOUT,
    /** The loadfile's catch-response check failed the request. */
    CHECK,
    /** Anything else, e.g. an exception reported through the request events. */
    OTHER;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The label value: {@code http_4xx}, {@code http_5xx}, {@code connection}, ... */
    public String label() {
        return label;
    }

    /** The class of an HTTP status that counts as a failure (400 or more); null for a success status. */
    public static ErrorClass ofStatus(int status) {
        if (status >= 500) {
            return HTTP_5XX;
        }
        return status >= 400 ? HTTP_4XX : null;
    }

    /** The class of an exception that ended a request: a timeout anywhere in its causes wins over I/O. */
    public static ErrorClass of(Throwable failure) {
        boolean io = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || t instanceof TimeoutException) {
                return TIMEOUT;
            }
            io |= t instanceof IOException;
        }
        return io ? CONNECTION : OTHER;
    }
}
