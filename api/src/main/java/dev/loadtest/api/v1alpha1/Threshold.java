package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A pass/fail criterion on the merged statistics of the run, for example p95 of Aggregated below 300 (ms),
 * failureRatio below 0.01, rps above 100. Set below, above, or both.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Threshold {

    @JsonPropertyDescription("What is measured: a response-time percentile in ms (p50, p66, p75, p80, p90, p95, p98, p99, p999 = 99.9th, p9999 = 99.99th), avg, min or max in ms, failureRatio (0..1), rps (requests per second over the run), requests or failures (counts).")
    @Required
    private ThresholdMetric metric;

    @JsonPropertyDescription("The row of the statistics: Aggregated (the default), a request name such as /api/items (all methods), or METHOD and name such as \"GET /api/items\".")
    @Default("Aggregated")
    private String endpoint;

    @JsonPropertyDescription("The threshold is met when the measured value is strictly below this.")
    private Double below;

    @JsonPropertyDescription("The threshold is met when the measured value is strictly above this.")
    private Double above;

    @JsonPropertyDescription("Stop the whole run as soon as this threshold fails (after abortGracePeriod), instead of only failing the verdict at the end.")
    private Boolean abortOnFail;

    @JsonPropertyDescription("With abortOnFail: do not judge this threshold before the run is this old (a timespan such as 30s), so that warm-up does not abort it.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h)?)+$")
    private String abortGracePeriod;

    public ThresholdMetric getMetric() {
        return metric;
    }

    public void setMetric(ThresholdMetric metric) {
        this.metric = metric;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public Double getBelow() {
        return below;
    }

    public void setBelow(Double below) {
        this.below = below;
    }

    public Double getAbove() {
        return above;
    }

    public void setAbove(Double above) {
        this.above = above;
    }

    public Boolean getAbortOnFail() {
        return abortOnFail;
    }

    public void setAbortOnFail(Boolean abortOnFail) {
        this.abortOnFail = abortOnFail;
    }

    public String getAbortGracePeriod() {
        return abortGracePeriod;
    }

    public void setAbortGracePeriod(String abortGracePeriod) {
        this.abortGracePeriod = abortGracePeriod;
    }
}
