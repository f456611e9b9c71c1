package dev.loadtest.api.report;

import org.HdrHistogram.Histogram;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Response-time percentiles over the last {@code window} rather than since the start, as Locust charts them
 * (its get_current_response_time_percentile diffs against the histogram of ~10 s ago). Cumulative
 * percentiles flatten out as a run goes on and would hide a slowdown late in the run; subtracting an
 * earlier copy of the cumulative histogram gives the recent samples alone, exactly.
 */
final class RecentResponseTimes {

    /** p50 and p95 in milliseconds; zero when no request completed in the window. */
    record Percentiles(double p50Ms, double p95Ms) {
    }

    private record Baseline(long epochMillis, Histogram cumulative) {
    }

    private final long windowMillis;
    private final Deque<Baseline> baselines = new ArrayDeque<>();

    RecentResponseTimes(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** The percentiles of the samples recorded since {@code window} before {@code nowMillis}. */
    Percentiles update(long nowMillis, Histogram cumulativeMicros) {
        Histogram recent = recent(nowMillis, cumulativeMicros);
        return new Percentiles(valueAtMs(recent, 0.50), valueAtMs(recent, 0.95));
    }

    /** The samples recorded since {@code window} before {@code nowMillis}, as a histogram of their own. */
    Histogram recent(long nowMillis, Histogram cumulativeMicros) {
        Baseline baseline = baselineFor(nowMillis, cumulativeMicros.getTotalCount());
        baselines.addLast(new Baseline(nowMillis, cumulativeMicros.copy()));
        Histogram recent = cumulativeMicros.copy();
        if (baseline != null) {
            recent.subtract(baseline.cumulative());
        }
        return recent;
    }

    /**
     * The newest histogram at least a window old, dropping older ones. None early in a run: then everything
     * recorded so far is recent.
     */
    private Baseline baselineFor(long nowMillis, long cumulativeCount) {
        if (!baselines.isEmpty() && baselines.peekLast().cumulative().getTotalCount() > cumulativeCount) {
            baselines.clear(); // the statistics were reset: earlier histograms no longer underlie these
        }
        long windowStart = nowMillis - windowMillis;
        Baseline baseline = null;
        while (!baselines.isEmpty() && baselines.peekFirst().epochMillis() <= windowStart) {
            baseline = baselines.pollFirst();
        }
        if (baseline != null) {
            baselines.addFirst(baseline); // still the baseline until a newer one is a window old
        }
        return baseline;
    }

    /** Locust's rank rule, as EndpointStats applies it: the sample at rank min(floor(N*p), N-1). */
    static double valueAtMs(Histogram histogram, double p) {
        long n = histogram.getTotalCount();
        if (n == 0) {
            return 0;
        }
        long rank = Math.min((long) (n * p), n - 1);
        long seen = 0;
        for (var value : histogram.recordedValues()) {
            seen += value.getCountAtValueIteratedTo();
            if (seen > rank) {
                long micros = histogram.medianEquivalentValue(value.getValueIteratedTo());
                return BigDecimal.valueOf(micros).round(new MathContext(3, RoundingMode.HALF_EVEN)).doubleValue()
                        / 1000.0;
            }
        }
        return histogram.getMaxValue() / 1000.0;
    }
}
