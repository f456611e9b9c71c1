package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A threshold of the spec with the value measured for it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ThresholdResult {

    @JsonPropertyDescription("The metric (as in spec.thresholds).")
    private String metric;

    @JsonPropertyDescription("The endpoint (as in spec.thresholds).")
    private String endpoint;

    @JsonPropertyDescription("The upper bound, if any.")
    private Double below;

    @JsonPropertyDescription("The lower bound, if any.")
    private Double above;

    @JsonPropertyDescription("The measured value; absent while the endpoint has no requests.")
    private Double value;

    @JsonPropertyDescription("Whether the measured value satisfies the threshold.")
    private Boolean met;

    @JsonPropertyDescription("Human-readable verdict, e.g. \"p95 of Aggregated = 412 ms, not below 300\".")
    private String message;

    public String getMetric() {
        return metric;
    }

    public void setMetric(String metric) {
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

    public Double getValue() {
        return value;
    }

    public void setValue(Double value) {
        this.value = value;
    }

    public Boolean getMet() {
        return met;
    }

    public void setMet(Boolean met) {
        this.met = met;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
