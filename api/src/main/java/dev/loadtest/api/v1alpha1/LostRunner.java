package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/** A runner pod that died during a run, as found from the API server (its pod, or its absence). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LostRunner {

    @JsonPropertyDescription("The runner pod's name.")
    private String name;

    @JsonPropertyDescription("When the operator noticed (RFC 3339).")
    private String lostAt;

    @JsonPropertyDescription("Why: the pod's exit code and termination message, or that the pod is gone.")
    private String reason;

    public LostRunner() {
    }

    public LostRunner(String name, String lostAt, String reason) {
        this.name = name;
        this.lostAt = lostAt;
        this.reason = reason;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getLostAt() {
        return lostAt;
    }

    public void setLostAt(String lostAt) {
        this.lostAt = lostAt;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LostRunner l && Objects.equals(name, l.name) && Objects.equals(lostAt, l.lostAt)
                && Objects.equals(reason, l.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, lostAt, reason);
    }
}
