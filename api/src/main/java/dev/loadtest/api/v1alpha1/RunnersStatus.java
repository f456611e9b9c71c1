package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How many runner pods the run has.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunnersStatus {

    @JsonPropertyDescription("Runner pods the run needs (spec.runners).")
    private Integer expected;

    @JsonPropertyDescription("Runner pods that are ready (loadfile compiled, control API up).")
    private Integer ready;

    @JsonPropertyDescription("Runner pods that failed or could not be reached.")
    private Integer failed;

    public Integer getExpected() {
        return expected;
    }

    public void setExpected(Integer expected) {
        this.expected = expected;
    }

    public Integer getReady() {
        return ready;
    }

    public void setReady(Integer ready) {
        this.ready = ready;
    }

    public Integer getFailed() {
        return failed;
    }

    public void setFailed(Integer failed) {
        this.failed = failed;
    }
}
