package dev.loadtest.api.control;

import dev.loadtest.api.HttpVersion;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /start}: the runner's share of the run. Sent again with new counts while the run is going,
 * it re-targets the running users (ramping up or down at the given rate) without a restart.
 *
 * @param runId              the run; statistics are reset when it changes
 * @param host               base URL of the system under test (overrides the loadfile's)
 * @param userClassCounts    target users per user class on this runner
 * @param spawnRate          this runner's share of the spawn rate, users per second
 * @param tags               only tasks with one of these tags (null: all)
 * @param excludeTags        no tasks with any of these tags
 * @param options            custom options for the loadfile
 * @param runTimeSeconds     the runner stops its users this long after the first start (null: never), a safety
 *                           net should the coordinator be gone
 * @param stopTimeoutSeconds how long running users may finish their task when stopped
 * @param httpVersion        the protocol HttpUser's client asks for (null: HTTP/1.1); fixed for the run, a
 *                           re-targeting start does not change it
 * @param insecure           HttpUser and FastHttpUser skip TLS certificate and host name verification (for self-signed targets)
 * @param runnerIndex        this runner's place among the run's runners, from 0 (Locust's worker_index); 0 when
 *                           absent, as for a local run
 * @param runnerCount        how many runners the run has; 1 when absent (0 in JSON from an older operator)
 * @param arrivalRate        the open model: this runner's share of the iterations (task runs) started per second,
 *                           {@code userClassCounts} being the ceiling of concurrent users; null for the closed model
 *                           (users run tasks one after another with their wait times). Fixed for the run's model: a
 *                           re-targeting start may change the rate but not switch between the models
 */
public record StartCommand(String runId, String host, Map<String, Integer> userClassCounts, double spawnRate,
                           List<String> tags, List<String> excludeTags, Map<String, String> options,
                           Double runTimeSeconds, double stopTimeoutSeconds, HttpVersion httpVersion,
                           boolean insecure, int runnerIndex, int runnerCount, Double arrivalRate) {

    public StartCommand {
        if (arrivalRate != null && !(arrivalRate >= 0 && Double.isFinite(arrivalRate))) {
            throw new IllegalArgumentException("arrivalRate must be 0 or more iterations per second, was " + arrivalRate);
        }
        userClassCounts = userClassCounts == null ? Map.of() : Map.copyOf(userClassCounts);
        options = options == null ? Map.of() : Map.copyOf(options);
        httpVersion = httpVersion == null ? HttpVersion.HTTP_1_1 : httpVersion;
        runnerCount = Math.max(1, runnerCount);
        if (runnerIndex < 0 || runnerIndex >= runnerCount) {
            throw new IllegalArgumentException("runnerIndex " + runnerIndex + " is not in [0, " + runnerCount + ")");
        }
    }

    /** A closed-model start: users run their tasks one after another (no arrival rate). */
    public StartCommand(String runId, String host, Map<String, Integer> userClassCounts, double spawnRate,
                        List<String> tags, List<String> excludeTags, Map<String, String> options,
                        Double runTimeSeconds, double stopTimeoutSeconds, HttpVersion httpVersion,
                        boolean insecure, int runnerIndex, int runnerCount) {
        this(runId, host, userClassCounts, spawnRate, tags, excludeTags, options, runTimeSeconds, stopTimeoutSeconds,
                httpVersion, insecure, runnerIndex, runnerCount, null);
    }

    /** This start with another arrival rate (null: the closed model). */
    public StartCommand withArrivalRate(Double rate) {
        return new StartCommand(runId, host, userClassCounts, spawnRate, tags, excludeTags, options, runTimeSeconds,
                stopTimeoutSeconds, httpVersion, insecure, runnerIndex, runnerCount, rate);
    }

    /** True for the open model: iterations start at {@link #arrivalRate()}, users are only a ceiling. */
    public boolean openModel() {
        return arrivalRate != null;
    }

    /** The start of the only runner of a run (runner 0 of 1), as a local run is. */
    public StartCommand(String runId, String host, Map<String, Integer> userClassCounts, double spawnRate,
                        List<String> tags, List<String> excludeTags, Map<String, String> options,
                        Double runTimeSeconds, double stopTimeoutSeconds, HttpVersion httpVersion,
                        boolean insecure) {
        this(runId, host, userClassCounts, spawnRate, tags, excludeTags, options, runTimeSeconds, stopTimeoutSeconds,
                httpVersion, insecure, 0, 1);
    }

    /** A start with the default transport: HTTP/1.1, certificates verified. */
    public StartCommand(String runId, String host, Map<String, Integer> userClassCounts, double spawnRate,
                        List<String> tags, List<String> excludeTags, Map<String, String> options,
                        Double runTimeSeconds, double stopTimeoutSeconds) {
        this(runId, host, userClassCounts, spawnRate, tags, excludeTags, options, runTimeSeconds, stopTimeoutSeconds,
                null, false);
    }

    /**
     * A start of run {@code runId}, every other field named as it is set: thirteen positional fields, most of them
     * optional, are too easy to pass in the wrong order (the positional constructors stay for existing callers).
     */
    public static Builder builder(String runId) {
        return new Builder(runId);
    }

    /** Builds a {@link StartCommand}; unset fields take the record's defaults (no host, no users, runner 0 of 1). */
    public static final class Builder {
        private final String runId;
        private String host;
        private Map<String, Integer> userClassCounts;
        private double spawnRate;
        private List<String> tags;
        private List<String> excludeTags;
        private Map<String, String> options;
        private Double runTimeSeconds;
        private double stopTimeoutSeconds;
        private HttpVersion httpVersion;
        private boolean insecure;
        private int runnerIndex;
        private int runnerCount = 1;

        private Builder(String runId) {
            this.runId = runId;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Target users per user class on this runner, and this runner's share of the spawn rate. */
        public Builder users(Map<String, Integer> userClassCounts, double spawnRate) {
            this.userClassCounts = userClassCounts;
            this.spawnRate = spawnRate;
            return this;
        }

        public Builder tags(List<String> tags, List<String> excludeTags) {
            this.tags = tags;
            this.excludeTags = excludeTags;
            return this;
        }

        public Builder options(Map<String, String> options) {
            this.options = options;
            return this;
        }

        /** When the runner stops on its own (null: never) and how long its users may finish their task. */
        public Builder timing(Double runTimeSeconds, double stopTimeoutSeconds) {
            this.runTimeSeconds = runTimeSeconds;
            this.stopTimeoutSeconds = stopTimeoutSeconds;
            return this;
        }

        public Builder transport(HttpVersion httpVersion, boolean insecure) {
            this.httpVersion = httpVersion;
            this.insecure = insecure;
            return this;
        }

        public Builder runner(int index, int count) {
            this.runnerIndex = index;
            this.runnerCount = count;
            return this;
        }

        public StartCommand build() {
            return new StartCommand(runId, host, userClassCounts, spawnRate, tags, excludeTags, options, runTimeSeconds,
                    stopTimeoutSeconds, httpVersion, insecure, runnerIndex, runnerCount);
        }
    }

    public int users() {
        return userClassCounts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
