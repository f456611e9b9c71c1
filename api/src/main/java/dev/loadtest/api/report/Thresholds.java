package dev.loadtest.api.report;

import dev.loadtest.api.Timespan;
import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.Threshold;
import dev.loadtest.api.v1alpha1.ThresholdMetric;
import dev.loadtest.api.v1alpha1.ThresholdResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges thresholds on merged statistics. Pure: the operator and the local CLI call the same code, so a
 * manifest passes or fails the same way on a laptop and in a cluster.
 */
public final class Thresholds {

    private Thresholds() {
    }

    /** Checks a threshold's own consistency; returns an error naming the field and the fix, or null. */
    public static String validate(Threshold t, int index) {
        String field = "spec.thresholds[" + index + "]";
        if (t.getMetric() == null) {
            return field + ".metric is required: one of " + java.util.Arrays.toString(ThresholdMetric.values());
        }
        if (t.getBelow() == null && t.getAbove() == null) {
            return field + " needs 'below' or 'above' (or both), e.g. below: 300";
        }
        if (t.getAbortGracePeriod() != null) {
            try {
                Timespan.parseSeconds(t.getAbortGracePeriod());
            } catch (IllegalArgumentException e) {
                return field + ".abortGracePeriod: " + e.getMessage();
            }
        }
        return null;
    }

    public static List<ThresholdResult> evaluate(List<Threshold> thresholds, StatsSnapshot merged) {
        List<ThresholdResult> results = new ArrayList<>();
        if (thresholds == null) {
            return results;
        }
        EndpointStats total = merged.total();
        for (Threshold t : thresholds) {
            results.add(evaluate(t, merged, total));
        }
        return results;
    }

    public static boolean allMet(List<ThresholdResult> results) {
        return results.stream().allMatch(r -> Boolean.TRUE.equals(r.getMet()));
    }

    /** The thresholds with abortOnFail that fail now and are past their grace period. */
    public static List<ThresholdResult> abortingFailures(List<Threshold> thresholds, List<ThresholdResult> results,
                                                          double runSeconds) {
        List<ThresholdResult> aborting = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Threshold t = thresholds.get(i);
            ThresholdResult r = results.get(i);
            if (!Boolean.TRUE.equals(t.getAbortOnFail()) || Boolean.TRUE.equals(r.getMet()) || r.getValue() == null) {
                continue;
            }
            double grace = t.getAbortGracePeriod() == null ? 0 : Timespan.parseSeconds(t.getAbortGracePeriod());
            if (runSeconds >= grace) {
                aborting.add(r);
            }
        }
        return aborting;
    }

    private static ThresholdResult evaluate(Threshold t, StatsSnapshot merged, EndpointStats total) {
        String endpoint = t.getEndpoint() == null || t.getEndpoint().isBlank() ? EndpointKey.AGGREGATED : t.getEndpoint();
        ThresholdResult r = new ThresholdResult();
        r.setMetric(t.getMetric() == null ? null : t.getMetric().name());
        r.setEndpoint(endpoint);
        r.setBelow(t.getBelow());
        r.setAbove(t.getAbove());
        EndpointStats stats = select(endpoint, merged, total);
        String what = r.getMetric() + " of " + endpoint;
        if (stats == null || (t.getMetric() != null && t.getMetric().isResponseTime() && stats.numRequests() == 0)) {
            r.setMet(false);
            r.setMessage(what + ": no requests recorded");
            return r;
        }
        double value = Summaries.round(measure(t.getMetric(), stats, total), 4);
        r.setValue(value);
        boolean met = (t.getBelow() == null || value < t.getBelow()) && (t.getAbove() == null || value > t.getAbove());
        r.setMet(met);
        String unit = t.getMetric().isResponseTime() ? " ms" : "";
        StringBuilder msg = new StringBuilder(what).append(" = ").append(format(value)).append(unit);
        if (!met) {
            if (t.getBelow() != null && value >= t.getBelow()) {
                msg.append(", not below ").append(format(t.getBelow()));
            }
            if (t.getAbove() != null && value <= t.getAbove()) {
                msg.append(", not above ").append(format(t.getAbove()));
            }
        }
        r.setMessage(msg.toString());
        return r;
    }

    /**
     * The statistics row a threshold names: Aggregated, "METHOD name", or a bare name (every method of it
     * merged). Null when nothing matches yet.
     */
    static EndpointStats select(String endpoint, StatsSnapshot merged, EndpointStats total) {
        if (EndpointKey.AGGREGATED.equals(endpoint)) {
            return total;
        }
        EndpointStats byName = new EndpointStats(new EndpointKey("", endpoint));
        boolean found = false;
        for (EndpointStats e : merged.entries()) {
            if (e.key().name().equals(endpoint)) {
                byName.merge(e);
                found = true;
            }
        }
        if (found) {
            return byName;
        }
        int space = endpoint.indexOf(' ');
        if (space > 0) {
            EndpointKey key = new EndpointKey(endpoint.substring(0, space).toUpperCase(Locale.ROOT),
                    endpoint.substring(space + 1));
            for (EndpointStats e : merged.entries()) {
                if (e.key().equals(key)) {
                    return e;
                }
            }
        }
        return null;
    }

    private static double measure(ThresholdMetric metric, EndpointStats stats, EndpointStats total) {
        if (metric.percentile() != null) {
            return stats.percentileMs(metric.percentile());
        }
        return switch (metric) {
            case avg -> stats.avgResponseTimeMs();
            case min -> stats.minResponseTimeMs();
            case max -> stats.maxResponseTimeMs();
            case failureRatio -> stats.failRatio();
            case rps -> stats.totalRps(total.startTimeEpochMillis(), total.lastRequestEpochMillis());
            case requests -> stats.numRequests();
            case failures -> stats.numFailures();
            default -> throw new IllegalStateException("unhandled metric " + metric);
        };
    }

    /** Plain decimal notation (0.0003, not 3.0E-4), without trailing zeros. */
    private static String format(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
