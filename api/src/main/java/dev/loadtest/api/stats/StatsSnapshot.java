package dev.loadtest.api.stats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Cumulative statistics of a run as one runner (or the merge of many) saw it: what {@code GET /stats}
 * returns and what the operator merges. Cumulative, not deltas, so that a poller that restarts or misses
 * a poll loses nothing: the latest snapshot of each runner is all that matters.
 *
 * @param runId       the run these figures belong to
 * @param runner      who produced it: a runner's id, or "merged"
 * @param incarnation changes each time a runner process starts, so a restarted runner is not double-counted
 * @param state       the runner's state (see {@code RunnerState} in the control protocol)
 * @param userCount   users running now
 * @param userClassCounts users running now per user class
 * @param timestampEpochMillis when the snapshot was taken
 * @param entries     one per (method, name), sorted as Locust sorts them
 * @param failures    failures grouped by (method, name, error)
 * @param exceptions  exceptions from user code, grouped by traceback
 * @param quitBy      set when user code on this runner called {@code quit()} (Locust's {@code runner.quit()}): what
 *                    called it; the coordinator then ends the whole run. Null otherwise, and from runners that
 *                    predate control protocol 2 (see {@code dev.loadtest.api.control.ControlProtocol})
 * @param openModel   the open model's iterations, drops and corrected response times; null for a closed-model run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatsSnapshot(String runId, String runner, String incarnation, String state, int userCount,
                            Map<String, Integer> userClassCounts, long timestampEpochMillis,
                            List<EndpointStats> entries, List<FailureStats> failures,
                            List<ExceptionStats> exceptions, String quitBy, OpenModelStats openModel) {

    /** A snapshot of a runner whose user code did not call {@code quit()}, or of a merge, of the closed model. */
    public StatsSnapshot(String runId, String runner, String incarnation, String state, int userCount,
                         Map<String, Integer> userClassCounts, long timestampEpochMillis,
                         List<EndpointStats> entries, List<FailureStats> failures, List<ExceptionStats> exceptions) {
        this(runId, runner, incarnation, state, userCount, userClassCounts, timestampEpochMillis, entries, failures,
                exceptions, null, null);
    }

    /** A closed-model snapshot: no arrival rate, so no corrected response times. */
    public StatsSnapshot(String runId, String runner, String incarnation, String state, int userCount,
                         Map<String, Integer> userClassCounts, long timestampEpochMillis,
                         List<EndpointStats> entries, List<FailureStats> failures, List<ExceptionStats> exceptions,
                         String quitBy) {
        this(runId, runner, incarnation, state, userCount, userClassCounts, timestampEpochMillis, entries, failures,
                exceptions, quitBy, null);
    }

    public StatsSnapshot {
        userClassCounts = userClassCounts == null ? Map.of() : userClassCounts;
        entries = entries == null ? List.of() : entries;
        failures = failures == null ? List.of() : failures;
        exceptions = exceptions == null ? List.of() : exceptions;
    }

    /** The Aggregated row: every entry merged. Exact, because histograms add exactly. */
    @JsonIgnore
    public EndpointStats total() {
        EndpointStats total = EndpointStats.accumulator(EndpointKey.aggregated());
        entries.forEach(total::merge);
        return total;
    }

    @JsonIgnore
    public long totalFailureOccurrences() {
        return failures.stream().mapToLong(FailureStats::occurrences).sum();
    }

    @JsonIgnore
    public long totalExceptions() {
        return exceptions.stream().mapToLong(ExceptionStats::count).sum();
    }

    /**
     * Merges the snapshots of several runners of one run. Entries with the same (method, name) are merged
     * exactly, failures by (method, name, error), exceptions by traceback; user counts add up.
     */
    public static StatsSnapshot merge(String runId, Collection<StatsSnapshot> snapshots) {
        Merger merger = new Merger(runId);
        snapshots.forEach(merger::add);
        return merger.result();
    }

    /**
     * Merges snapshots into totals without copying them. Snapshots are taken in one at a time but their rows are
     * added endpoint by endpoint when the result is asked for: each endpoint's running counts (up to 128 kB)
     * then stay in the CPU's cache while every runner's histogram is added to them, which made merging 100
     * runners x 100 endpoints four times faster than adding runner by runner. Rows arriving encoded (from JSON)
     * are added bucket by bucket from their encoding.
     */
    public static final class Merger {

        /** A hundred runners of ten endpoints: from there, summing endpoints in parallel pays for the hand-off. */
        static final int PARALLEL_PARTS = 1000;

        private final String runId;
        /** Hashed, not sorted, while rows come in (100,000 of them at 1,000 runners); sorted once in the result. */
        private final Map<EndpointKey, List<EndpointStats>> rows = new java.util.HashMap<>();
        private final Map<FailureStats.Key, FailureStats> failures = new LinkedHashMap<>();
        private final Map<String, ExceptionStats> exceptions = new LinkedHashMap<>();
        private final Map<String, Integer> classCounts = new TreeMap<>();
        private final List<OpenModelStats> openModels = new ArrayList<>();
        private int users;
        private long timestamp;
        /** Rows added in all: below {@link #PARALLEL_PARTS}, a merge is too small to be worth other threads. */
        private long parts;

        public Merger(String runId) {
            this.runId = runId;
        }

        public Merger add(StatsSnapshot s) {
            for (EndpointStats e : s.entries) {
                rows.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
            }
            parts += s.entries.size();
            for (FailureStats f : s.failures) {
                failures.merge(f.key(), f, FailureStats::merge);
            }
            return addAllButRowsAndFailures(s);
        }

        /** Adds everything of {@code s} but its rows and failures, which the caller sums itself ({@link RunningMerge}). */
        Merger addAllButRowsAndFailures(StatsSnapshot s) {
            for (ExceptionStats x : s.exceptions) {
                exceptions.merge(x.traceback(), x, ExceptionStats::merge);
            }
            s.userClassCounts.forEach((cls, n) -> classCounts.merge(cls, n, Integer::sum));
            if (s.openModel != null) {
                openModels.add(s.openModel);
            }
            users += s.userCount;
            timestamp = Math.max(timestamp, s.timestampEpochMillis);
            return this;
        }

        /**
         * The merge of everything added. The snapshots added must not change until then. Endpoints are independent,
         * so a big merge sums them on several cores; each endpoint is still summed by one thread, exactly.
         */
        public StatsSnapshot result() {
            List<Map.Entry<EndpointKey, List<EndpointStats>>> work = new ArrayList<>(rows.entrySet());
            work.sort(Map.Entry.comparingByKey());
            EndpointStats[] sums = new EndpointStats[work.size()];
            IntStream endpoints = IntStream.range(0, sums.length);
            (parts >= PARALLEL_PARTS ? endpoints.parallel() : endpoints).forEach(i -> {
                EndpointStats sum = EndpointStats.accumulator(work.get(i).getKey());
                work.get(i).getValue().forEach(sum::merge);
                sums[i] = sum;
            });
            return result(new ArrayList<>(Arrays.asList(sums)), failures.values());
        }

        /** The merge of everything added, with {@code entries} (sorted) and {@code failures} summed by the caller. */
        StatsSnapshot result(List<EndpointStats> entries, Collection<FailureStats> failures) {
            List<FailureStats> failureList = new ArrayList<>(failures);
            failureList.sort(Comparator.comparing(FailureStats::name).thenComparing(FailureStats::method)
                    .thenComparing(FailureStats::error));
            return new StatsSnapshot(runId, "merged", null, null, users, new TreeMap<>(classCounts), timestamp,
                    entries, failureList, new ArrayList<>(exceptions.values()), null, OpenModelStats.merge(openModels));
        }
    }
}
