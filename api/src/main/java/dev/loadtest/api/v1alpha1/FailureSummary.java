package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A group of failures with the same method, name and error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailureSummary {

    @JsonPropertyDescription("HTTP method.")
    private String method;

    @JsonPropertyDescription("Request name.")
    private String name;

    @JsonPropertyDescription("The error, e.g. \"HTTP 503\" or a connection error.")
    private String error;

    @JsonPropertyDescription("How many times it happened.")
    private Long occurrences;

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

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    public Long getOccurrences() {
        return occurrences;
    }

    public void setOccurrences(Long occurrences) {
        this.occurrences = occurrences;
    }
}
