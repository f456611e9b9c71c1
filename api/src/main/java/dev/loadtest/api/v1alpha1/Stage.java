package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * One stage of a declarative load shape: hold {@code users} (reached at {@code spawnRate}) for {@code duration}.
 * Stages follow one another; the test ends after the last one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Stage {

    @JsonPropertyDescription("How long this stage lasts, as a Locust timespan (30s, 2m, 1h30m); more than zero. The ramp to this stage's users is part of it.")
    @Required
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h)?)+$")
    private String duration;

    @JsonPropertyDescription("Total users across all runners during this stage, 0 or more. Runners ramp up or down to it when the stage begins.")
    @Required
    @Min(0)
    private Integer users;

    @JsonPropertyDescription("Users started (or stopped) per second across all runners on the way to this stage's users; more than zero. Empty: spec.spawnRate.")
    private Double spawnRate;

    @JsonPropertyDescription("The open model during this stage: iterations started per second across all runners, this stage's users being the ceiling of concurrent users. Empty: spec.arrivalRate. When spec.arrivalRate or any stage sets a rate, every stage runs the open model, so each needs a rate of its own or spec.arrivalRate.")
    @Min(0)
    private Double arrivalRate;

    public Stage() {
    }

    public Stage(String duration, Integer users, Double spawnRate) {
        this.duration = duration;
        this.users = users;
        this.spawnRate = spawnRate;
    }

    public String getDuration() {
        return duration;
    }

    public void setDuration(String duration) {
        this.duration = duration;
    }

    public Integer getUsers() {
        return users;
    }

    public void setUsers(Integer users) {
        this.users = users;
    }

    /** An open-model stage: {@code users} is the ceiling, {@code arrivalRate} the iterations per second. */
    public Stage(String duration, Integer users, Double spawnRate, Double arrivalRate) {
        this(duration, users, spawnRate);
        this.arrivalRate = arrivalRate;
    }

    public Double getArrivalRate() {
        return arrivalRate;
    }

    public void setArrivalRate(Double arrivalRate) {
        this.arrivalRate = arrivalRate;
    }

    public Double getSpawnRate() {
        return spawnRate;
    }

    public void setSpawnRate(Double spawnRate) {
        this.spawnRate = spawnRate;
    }
}
