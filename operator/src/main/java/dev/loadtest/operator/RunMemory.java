package dev.loadtest.operator;

import dev.loadtest.api.control.UserClassInfo;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.operator.results.RunRecorder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operator caches between reconciles of a run, in memory only; every decision is taken from the API
 * server ({@link RunFacts}). Losing it (a restart, a new leader) costs nothing that matters, entry by entry:
 * <ul>
 * <li>{@code latest}: the runners hold their statistics cumulatively and the next poll returns them; status holds
 * the merged figures written so far, which stay when they are more than the runners left can give (a runner that
 * died while no operator was running).</li>
 * <li>{@code classes}, {@code followsShape}: the runners say them again on {@code /readyz}.</li>
 * <li>{@code dispatchedUsers}/{@code dispatchedSpawnRate}: sent once more after a restart; a start repeated for
 * the same run id re-targets the users and never re-runs {@code @OnTestStart}.</li>
 * <li>{@code lastStatusWrite}: only throttles figures-only writes; a restart writes once at once.</li>
 * <li>{@code recorder}: the charts of the persisted results; after a restart they start from the next poll (the
 * final figures in the results are the runners' cumulative ones all the same).</li>
 * </ul>
 * What this operator wrote to status is read back from JOSDK's primary cache (see
 * {@code LoadTestReconciler#writeStatus}), not from here.
 */
final class RunMemory {

    static final class Run {
        final String runId;
        /**
         * The latest statistics of each runner of this run, so a runner that dies still counts. Their histograms
         * stay in their wire encoding (about 1 kB per endpoint, not the 128 kB of a decoded one) until merged.
         */
        final Map<String, StatsSnapshot> latest = new TreeMap<>();
        /** The exact merge of {@code latest} kept up to date from the runners' deltas (control protocol 3). */
        final dev.loadtest.api.stats.RunningMerge merge = new dev.loadtest.api.stats.RunningMerge();
        /** The user classes the runners reported at start. */
        List<UserClassInfo> classes;
        /** The users and spawn rate last sent to the runners; null after a restart, which re-sends them once. */
        Integer dispatchedUsers;
        Double dispatchedSpawnRate;
        Double dispatchedArrivalRate;
        /**
         * Whether the run follows the loadfile's LoadShape (asked from runner 0); null until known, e.g. after a
         * restart, when runner 0's {@code /readyz} says again.
         */
        Boolean followsShape;
        /**
         * While the run is starting, the runners (by pod name) that accepted its start: they are not sent it again
         * while the others are retried, so that a runner started early (runner 0 before the others, for its
         * once-per-test hooks) is not re-targeted, or told a finished run again, for every retry of the others.
         */
        final Map<String, dev.loadtest.operator.runner.RunnerClient.StartReply> acceptedStarts = new TreeMap<>();
        /** When status was last written for this run: figures-only writes are throttled from it. */
        Instant lastStatusWrite;
        /** The charts and history rows of the run's persisted results, from each poll's merge. */
        final RunRecorder recorder = new RunRecorder();

        Run(String runId) {
            this.runId = runId;
        }
    }

    /**
     * A run in progress is reconciled every poll interval; one not seen for this long belongs to a LoadTest that
     * was deleted (there is no finalizer to tell), and is forgotten.
     */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private final Map<String, Run> byLoadTest = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();

    /** The memory of this run of the LoadTest (by uid), as of {@code now} (the reconciler's clock); a new run id starts afresh. */
    Run of(String uid, String runId, Instant now) {
        lastSeen.put(uid, now);
        lastSeen.forEach((other, seen) -> {
            if (seen.isBefore(now.minus(FORGET_AFTER))) {
                forget(other);
            }
        });
        return byLoadTest.compute(uid, (k, run) -> run == null || !run.runId.equals(runId) ? new Run(runId) : run);
    }

    Run peek(String uid) {
        return byLoadTest.get(uid);
    }

    void forget(String uid) {
        byLoadTest.remove(uid);
        lastSeen.remove(uid);
    }
}
