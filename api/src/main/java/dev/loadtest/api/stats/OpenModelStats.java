package dev.loadtest.api.stats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The open model's figures of a run (iterations started at an arrival rate): absent from a closed-model run.
 * Cumulative, as the rest of a snapshot, so that merging runners' latest figures is exact.
 *
 * @param arrivalRate the iterations per second asked of this runner (of all runners, once merged)
 * @param iterations  iterations started so far
 * @param dropped     iterations that were due but could not start: every user under the ceiling was busy until
 *                    the iteration was later than {@code OpenModel} allows (k6's dropped_iterations)
 * @param corrected   one row per (method, name) as in the snapshot's entries, each request's response time counted
 *                    from its intended start (the schedule's time for its iteration) instead of its actual start,
 *                    so that delays of the load generator, and requests it could not send while the target
 *                    stalled, show in the percentiles (correction for coordinated omission)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OpenModelStats(double arrivalRate, long iterations, long dropped, List<EndpointStats> corrected) {

    public OpenModelStats {
        corrected = corrected == null ? List.of() : corrected;
    }

    /** The corrected Aggregated row: every corrected entry merged exactly. */
    @JsonIgnore
    public EndpointStats correctedTotal() {
        EndpointStats total = EndpointStats.accumulator(EndpointKey.aggregated());
        corrected.forEach(total::merge);
        return total;
    }

    /**
     * The open-model figures of several runners added together: rates, iterations and drops add up and the corrected
     * rows merge exactly, as the raw ones do; null when none of them ran the open model.
     */
    public static OpenModelStats merge(Collection<OpenModelStats> parts) {
        double rate = 0;
        long iterations = 0;
        long dropped = 0;
        boolean any = false;
        Map<EndpointKey, EndpointStats> rows = new TreeMap<>();
        for (OpenModelStats p : parts) {
            if (p == null) {
                continue;
            }
            any = true;
            rate += p.arrivalRate;
            iterations += p.iterations;
            dropped += p.dropped;
            for (EndpointStats e : p.corrected) {
                rows.computeIfAbsent(e.key(), EndpointStats::accumulator).merge(e);
            }
        }
        return any ? new OpenModelStats(rate, iterations, dropped, new ArrayList<>(rows.values())) : null;
    }
}
