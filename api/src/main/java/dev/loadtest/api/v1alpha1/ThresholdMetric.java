package dev.loadtest.api.v1alpha1;

/** What a threshold measures. Percentiles, avg, min and max are in milliseconds. */
public enum ThresholdMetric {
    p50(0.50), p66(0.66), p75(0.75), p80(0.80), p90(0.90), p95(0.95), p98(0.98), p99(0.99), p999(0.999),
    p9999(0.9999), avg, min, max, failureRatio, rps, requests, failures;

    private final Double percentile;

    ThresholdMetric() {
        this(null);
    }

    ThresholdMetric(Double percentile) {
        this.percentile = percentile;
    }

    /** The fraction (0.95 for p95), or null when this is not a percentile. */
    public Double percentile() {
        return percentile;
    }

    public boolean isResponseTime() {
        return percentile != null || this == avg || this == min || this == max;
    }
}
