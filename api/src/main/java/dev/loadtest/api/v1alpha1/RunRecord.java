package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Summary of a finished run, kept in status.history.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunRecord {

    @JsonPropertyDescription("The run.")
    private String runId;

    @JsonPropertyDescription("When it started (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When it finished (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription("Succeeded or Failed.")
    private String result;

    @JsonPropertyDescription("Why, as a CamelCase reason (e.g. Completed, ThresholdsNotMet, RunnerFailed).")
    private String reason;

    @JsonPropertyDescription("Requests sent.")
    private Long requests;

    @JsonPropertyDescription("Requests that failed.")
    private Long failures;

    @JsonPropertyDescription("Requests per second over the run.")
    private Double rps;

    @JsonPropertyDescription("95th percentile response time of Aggregated.")
    private Double p95Ms;

    @JsonPropertyDescription("Whether every threshold was met.")
    private Boolean thresholdsMet;

    public String getRunId() {
        return runId;
    }

    public void setRunId(String runId) {
        this.runId = runId;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

    public String getResult() {
        return result;
    }

    public void setResult(String result) {
        this.result = result;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
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

    public Double getRps() {
        return rps;
    }

    public void setRps(Double rps) {
        this.rps = rps;
    }

    public Double getP95Ms() {
        return p95Ms;
    }

    public void setP95Ms(Double p95Ms) {
        this.p95Ms = p95Ms;
    }

    public Boolean getThresholdsMet() {
        return thresholdsMet;
    }

    public void setThresholdsMet(Boolean thresholdsMet) {
        this.thresholdsMet = thresholdsMet;
    }
}
