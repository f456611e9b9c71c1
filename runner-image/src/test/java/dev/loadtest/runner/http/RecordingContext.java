package dev.loadtest.runner.http;

import dev.loadtest.HttpSession;
import dev.loadtest.runner.stats.ErrorClass;

import java.net.http.HttpClient;
import java.util.List;

/** A user's context for session tests: a host, a JDK client, and every recorded request added to a list. */
final class RecordingContext implements SessionContext {

    /** One request as the session recorded it for the statistics. */
    record Recorded(String method, String name, long micros, long length, String error, ErrorClass errorClass) {
    }

    /** Both transports must behave the same: tests run over each. */
    enum Transport {
        JDK, FAST;

        HttpSession session(SessionContext context) {
            return this == JDK ? new JdkHttpSession(context) : new FastHttpSession(context);
        }
    }

    private final String host;
    private final HttpClient http;
    private final List<Recorded> recorded;

    RecordingContext(String host, HttpClient http, List<Recorded> recorded) {
        this.host = host;
        this.http = http;
        this.recorded = recorded;
    }

    @Override
    public HttpClient httpClient() {
        return http;
    }

    @Override
    public void recordRequest(String method, String name, long micros, long length, String error,
                              ErrorClass errorClass) {
        recorded.add(new Recorded(method, name, micros, length, error, errorClass));
    }

    @Override
    public String host() {
        return host;
    }
}
