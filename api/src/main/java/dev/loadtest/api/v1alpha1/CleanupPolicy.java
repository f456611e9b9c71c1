package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/**
 * When the objects of a finished run are deleted. A TTL of 0 deletes at once; an absent TTL keeps the objects.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CleanupPolicy {

    @JsonPropertyDescription("Seconds after a passed run before its runner Job, pods, ConfigMap and Secret are deleted. Default 0: at once.")
    @Min(0)
    @Default("0")
    private Integer runnersTtlSecondsAfterSuccess;

    @JsonPropertyDescription("Seconds after a failed run before its runner Job, pods, ConfigMap and Secret are deleted. Absent (the default): kept for inspection.")
    @Min(0)
    private Integer runnersTtlSecondsAfterFailure;

    @JsonPropertyDescription("Seconds after the run finishes before the LoadTest itself is deleted. Absent (the default): kept.")
    @Min(0)
    private Integer ttlSecondsAfterFinished;

    public Integer getRunnersTtlSecondsAfterSuccess() {
        return runnersTtlSecondsAfterSuccess;
    }

    public void setRunnersTtlSecondsAfterSuccess(Integer runnersTtlSecondsAfterSuccess) {
        this.runnersTtlSecondsAfterSuccess = runnersTtlSecondsAfterSuccess;
    }

    public Integer getRunnersTtlSecondsAfterFailure() {
        return runnersTtlSecondsAfterFailure;
    }

    public void setRunnersTtlSecondsAfterFailure(Integer runnersTtlSecondsAfterFailure) {
        this.runnersTtlSecondsAfterFailure = runnersTtlSecondsAfterFailure;
    }

    public Integer getTtlSecondsAfterFinished() {
        return ttlSecondsAfterFinished;
    }

    public void setTtlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
        this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
    }
}
