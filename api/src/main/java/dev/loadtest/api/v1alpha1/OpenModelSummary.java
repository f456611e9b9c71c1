package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/** The open model's figures of a run (spec.arrivalRate or stages with rates), bounded in size. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OpenModelSummary {

    @JsonPropertyDescription("Iterations per second asked of all runners now.")
    private Double arrivalRate;

    @JsonPropertyDescription("Iterations (task runs) started so far.")
    private Long iterations;

    @JsonPropertyDescription("Iterations that were due but could not start, because every user under the ceiling (spec.users) stayed busy for too long (k6's dropped_iterations). Above zero, the run did not hold its arrival rate: raise spec.users, or the target is too slow for the rate.")
    private Long droppedIterations;

    @JsonPropertyDescription("All requests, their response times counted from the intended start of their iteration (the schedule's time) rather than from when they were sent: corrected for coordinated omission, so that the load generator's delays and the requests it could not send while the target stalled show. Compare with summary.aggregated, the same requests timed from when they were sent.")
    private EndpointSummary correctedAggregated;

    @JsonPropertyDescription("The corrected figures of the busiest endpoints, at most 5.")
    private List<EndpointSummary> correctedEndpoints;

    public Double getArrivalRate() {
        return arrivalRate;
    }

    public void setArrivalRate(Double arrivalRate) {
        this.arrivalRate = arrivalRate;
    }

    public Long getIterations() {
        return iterations;
    }

    public void setIterations(Long iterations) {
        this.iterations = iterations;
    }

    public Long getDroppedIterations() {
        return droppedIterations;
    }

    public void setDroppedIterations(Long droppedIterations) {
        this.droppedIterations = droppedIterations;
    }

    public EndpointSummary getCorrectedAggregated() {
        return correctedAggregated;
    }

    public void setCorrectedAggregated(EndpointSummary correctedAggregated) {
        this.correctedAggregated = correctedAggregated;
    }

    public List<EndpointSummary> getCorrectedEndpoints() {
        return correctedEndpoints;
    }

    public void setCorrectedEndpoints(List<EndpointSummary> correctedEndpoints) {
        this.correctedEndpoints = correctedEndpoints;
    }
}
