package dev.loadtest.operator;

import dev.loadtest.api.control.UserClassInfo;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.operator.results.RunRecorder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operator remembers between reconciles of a run, in memory only. Losing it (a restart, a new leader)
 * costs nothing that matters: runners hold cumulative statistics, the run's spec and token are in its Secret, and
 * the phase is in status. It only saves work and keeps the last figures of a runner that vanished.
 */
final class RunMemory {

    static final class Run {
        final String runId;
        /**
         * The latest statistics of each runner of this run, so a runner that dies still counts. Their histograms
         * stay in their wire encoding (about 1 kB per endpoint, not the 128 kB of a decoded one) until merged.
         */
        final Map<String, StatsSnapshot> latest = new TreeMap<>();
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
        Instant lastStatusWrite;
        /** The status last written, in case the informer cache has not caught up with it yet. */
        LoadTestStatus lastWritten;
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
