package dev.loadtest.runner.engine;

import dev.loadtest.Options;
import dev.loadtest.RequestEvents;
import dev.loadtest.RequestListener;
import dev.loadtest.HttpSession;
import dev.loadtest.UserContext;
import dev.loadtest.runner.http.FastHttpSession;
import dev.loadtest.runner.http.JdkHttpSession;
import dev.loadtest.runner.http.SessionContext;
import dev.loadtest.runner.stats.ErrorClass;
import dev.loadtest.runner.stats.LiveStats;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The services every user of a run shares: host, options, the HTTP client, the statistics, the request
 * listeners, the runner's place in the run, and a way to end it.
 */
final class RunContext implements UserContext, SessionContext {

    private static final Logger LOG = Logger.getLogger(RunContext.class.getName());
    private static final java.util.concurrent.atomic.AtomicBoolean LISTENER_FAILURE_LOGGED =
            new java.util.concurrent.atomic.AtomicBoolean();

    private final String runId;
    private final String host;
    private final Options options;
    private final HttpClient http;
    private final LiveStats stats;
    private final RequestEvents events;
    private final List<RequestListener> listeners;
    private final int runnerIndex;
    private final int runnerCount;
    private final Runnable quit;

    RunContext(String runId, String host, Options options, HttpClient http, LiveStats stats) {
        this(runId, host, options, http, stats, new CopyOnWriteArrayList<>(), 0, 1, () -> {
            throw new UnsupportedOperationException("quit() needs a running engine");
        });
    }

    RunContext(String runId, String host, Options options, HttpClient http, LiveStats stats,
               List<RequestListener> listeners, int runnerIndex, int runnerCount, Runnable quit) {
        this.runId = runId;
        this.host = host;
        this.options = options;
        this.http = http;
        this.stats = stats;
        this.listeners = listeners;
        this.runnerIndex = runnerIndex;
        this.runnerCount = runnerCount;
        this.quit = quit;
        this.events = (type, name, ms, length, failure) -> {
            String error = failure == null ? null : describe(failure);
            stats.record(type, name, Math.round(ms * 1000), length, error, failure == null ? null : ErrorClass.of(failure));
            notifyListeners(type, name, ms, length, error);
        };
    }

    /** The same context with another host (a user class's own @Host, when no host was given). */
    RunContext withHost(String otherHost) {
        return new RunContext(runId, otherHost, options, http, stats, listeners, runnerIndex, runnerCount, quit);
    }

    private void notifyListeners(String type, String name, double ms, long length, String error) {
        for (RequestListener listener : listeners) {
            try {
                listener.onRequest(type, name, ms, length, error);
            } catch (RuntimeException e) {
                // as Locust's EventHook.fire: counted, the other listeners still hear the request; logged once,
                // since a broken listener fails on every request (the exceptions report has the counts)
                stats.recordException(e);
                if (LISTENER_FAILURE_LOGGED.compareAndSet(false, true)) {
                    LOG.log(Level.WARNING, "a request listener failed (further failures are only counted)", e);
                }
            }
        }
    }

    @Override
    public void addRequestListener(RequestListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void quit() {
        quit.run();
    }

    @Override
    public int runnerIndex() {
        return runnerIndex;
    }

    @Override
    public int runnerCount() {
        return runnerCount;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    /** The engine binds each HttpUser's session here, as it attaches the user to the run. */
    @Override
    public HttpSession newHttpSession(boolean fast) {
        return fast ? new FastHttpSession(this) : new JdkHttpSession(this);
    }

    @Override
    public HttpClient httpClient() {
        return http;
    }

    @Override
    public void recordRequest(String method, String name, long micros, long contentLength, String error,
                              ErrorClass errorClass) {
        stats.record(method, name, micros, contentLength, error, errorClass);
        if (!listeners.isEmpty()) {
            notifyListeners(method, name, micros / 1000.0, contentLength, error);
        }
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
