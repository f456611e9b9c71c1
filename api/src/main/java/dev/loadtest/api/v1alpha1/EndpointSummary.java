package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Figures of one endpoint (method and name), or of Aggregated. Times in milliseconds, computed from exactly
 * merged HdrHistograms (3 significant digits).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EndpointSummary {

    @JsonPropertyDescription("HTTP method (empty for Aggregated).")
    private String method;

    @JsonPropertyDescription("Request name (the path, or the name given in the loadfile).")
    private String name;

    @JsonPropertyDescription("Requests sent.")
    private Long requests;

    @JsonPropertyDescription("Requests that failed.")
    private Long failures;

    @JsonPropertyDescription("failures / requests.")
    private Double failureRatio;

    @JsonPropertyDescription("Requests per second over the run.")
    private Double rps;

    @JsonPropertyDescription("Requests per second over the last 10 seconds.")
    private Double currentRps;

    @JsonPropertyDescription("Mean response time.")
    private Double avgMs;

    @JsonPropertyDescription("Median response time.")
    private Double p50Ms;

    @JsonPropertyDescription("95th percentile response time.")
    private Double p95Ms;

    @JsonPropertyDescription("99th percentile response time.")
    private Double p99Ms;

    @JsonPropertyDescription("Slowest response time.")
    private Double maxMs;

    public String getMethod() {
        return method;
    }

    public void setMethod(String method) {
        this.method = method;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Long getRequests() {
        return requests;
    }

    public void setRequests(Long requests) {
        this.requests = requests;
    }

    public Long getFailures() {
        return failures;
    }

    public void setFailures(Long failures) {
        this.failures = failures;
    }

    public Double getFailureRatio() {
        return failureRatio;
    }

    public void setFailureRatio(Double failureRatio) {
        this.failureRatio = failureRatio;
    }

    public Double getRps() {
        return rps;
    }

    public void setRps(Double rps) {
        this.rps = rps;
    }

    public Double getCurrentRps() {
        return currentRps;
    }

    public void setCurrentRps(Double currentRps) {
        this.currentRps = currentRps;
    }

    public Double getAvgMs() {
        return avgMs;
    }

    public void setAvgMs(Double avgMs) {
        this.avgMs = avgMs;
    }

    public Double getP50Ms() {
        return p50Ms;
    }

    public void setP50Ms(Double p50Ms) {
        this.p50Ms = p50Ms;
    }

    public Double getP95Ms() {
        return p95Ms;
    }

    public void setP95Ms(Double p95Ms) {
        this.p95Ms = p95Ms;
    }

    public Double getP99Ms() {
        return p99Ms;
    }

    public void setP99Ms(Double p99Ms) {
        this.p99Ms = p99Ms;
    }

    public Double getMaxMs() {
        return maxMs;
    }

    public void setMaxMs(Double maxMs) {
        this.maxMs = maxMs;
    }
}
