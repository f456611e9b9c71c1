package dev.loadtest.runner.engine;

import dev.loadtest.Options;
import dev.loadtest.RequestEvents;
import dev.loadtest.UserContext;
import dev.loadtest.runner.stats.ErrorClass;
import dev.loadtest.runner.stats.LiveStats;

import java.net.http.HttpClient;

/** The services every user of a run shares: host, options, the HTTP client and the statistics. */
final class RunContext implements UserContext {

    private final String runId;
    private final String host;
    private final Options options;
    private final HttpClient http;
    private final LiveStats stats;
    private final RequestEvents events;

    RunContext(String runId, String host, Options options, HttpClient http, LiveStats stats) {
        this.runId = runId;
        this.host = host;
        this.options = options;
        this.http = http;
        this.stats = stats;
        this.events = (type, name, ms, length, failure) -> stats.record(type, name, Math.round(ms * 1000), length,
                failure == null ? null : describe(failure), failure == null ? null : ErrorClass.of(failure));
    }

    /** The same context with another host (a user class's own @Host, when no host was given). */
    RunContext withHost(String otherHost) {
        return new RunContext(runId, otherHost, options, http, stats);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    @Override
    public HttpClient httpClient() {
        return http;
    }

    @Override
    public void recordRequest(String method, String name, long micros, long contentLength, String error,
                              ErrorClass errorClass) {
        stats.record(method, name, micros, contentLength, error, errorClass);
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public RequestEvents events() {
        return events;
    }
}
