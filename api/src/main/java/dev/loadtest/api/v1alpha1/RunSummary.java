package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Merged statistics of a run, bounded in size.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunSummary {

    @JsonPropertyDescription("All requests of the run (Locust's Aggregated row).")
    private EndpointSummary aggregated;

    @JsonPropertyDescription("The busiest endpoints by request count, at most 20.")
    private List<EndpointSummary> endpoints;

    @JsonPropertyDescription("How many endpoints the run has in all (more than listed when the list is truncated).")
    private Integer endpointCount;

    @JsonPropertyDescription("The most frequent failures, at most 10.")
    private List<FailureSummary> failures;

    @JsonPropertyDescription("Exceptions thrown by user code (not request failures).")
    private Long exceptions;

    @JsonPropertyDescription("The open model's figures (with spec.arrivalRate): iterations started and dropped, and response times corrected for coordinated omission beside the raw ones. Absent for the closed model.")
    private OpenModelSummary openModel;

    public OpenModelSummary getOpenModel() {
        return openModel;
    }

    public void setOpenModel(OpenModelSummary openModel) {
        this.openModel = openModel;
    }

    public EndpointSummary getAggregated() {
        return aggregated;
    }

    public void setAggregated(EndpointSummary aggregated) {
        this.aggregated = aggregated;
    }

    public List<EndpointSummary> getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(List<EndpointSummary> endpoints) {
        this.endpoints = endpoints;
    }

    public Integer getEndpointCount() {
        return endpointCount;
    }

    public void setEndpointCount(Integer endpointCount) {
        this.endpointCount = endpointCount;
    }

    public List<FailureSummary> getFailures() {
        return failures;
    }

    public void setFailures(List<FailureSummary> failures) {
        this.failures = failures;
    }

    public Long getExceptions() {
        return exceptions;
    }

    public void setExceptions(Long exceptions) {
        this.exceptions = exceptions;
    }
}
