package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Observed state of the load test. Conditions follow the Kubernetes (and kstatus) conventions so that kubectl
 * wait, Argo CD and Flux judge a LoadTest without custom code: Reconciling is True while a run is in progress,
 * Ready is True when the run finished and passed, Stalled is True when it cannot proceed or failed. The
 * summary is bounded: at most 20 endpoints.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoadTestStatus {

    @JsonPropertyDescription("The metadata.generation this status was computed from.")
    private Long observedGeneration;

    @JsonPropertyDescription("Conditions: Ready, Reconciling, Stalled (kstatus), Succeeded (the verdict: Unknown while running) and ThresholdsMet, in the metav1.Condition shape.")
    private List<Condition> conditions;

    @JsonPropertyDescription("Derived summary for humans: Pending, Starting, Running, Stopping, Succeeded or Failed. Automation should read conditions instead.")
    private String phase;

    @JsonPropertyDescription("Identifier of the current (or last) run. A new run, after a spec change or the rerun annotation, gets a new id.")
    private String runId;

    @JsonPropertyDescription("When the runners were started (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the runners were told to stop (RFC 3339): the stop timeout counts from it, also for an operator that restarted.")
    private String stopTime;

    @JsonPropertyDescription("When the run finished (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription("The newest metadata.generation whose spec the current run carries out (a change of users or spawnRate is taken live; any other change waits for the next run). CI waits for the run of the generation it applied: status.runGeneration equal to metadata.generation.")
    private Long runGeneration;

    @JsonPropertyDescription("The value of the loadtest.dev/rerun annotation the current run was started for. CI that sets a new token to run again waits until this equals it.")
    private String rerunToken;

    @JsonPropertyDescription("Runners that died during the run: pod name, when it was noticed, and why. The figures a lost runner reported stay in the summary, unless the operator restarted after its last report.")
    private List<LostRunner> lostRunners;

    @JsonPropertyDescription("Runner pods expected, ready and failed.")
    private RunnersStatus runners;

    @JsonPropertyDescription("Users running now, summed over the runners.")
    private Integer users;

    @JsonPropertyDescription("Merged statistics of the run: Aggregated and the busiest endpoints.")
    private RunSummary summary;

    @JsonPropertyDescription("Each threshold with its measured value and whether it is met.")
    private List<ThresholdResult> thresholds;

    @JsonPropertyDescription("Summaries of the previous runs of this LoadTest, newest first (at most 10).")
    private List<RunRecord> history;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

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

    public String getStopTime() {
        return stopTime;
    }

    public void setStopTime(String stopTime) {
        this.stopTime = stopTime;
    }

    public Long getRunGeneration() {
        return runGeneration;
    }

    public void setRunGeneration(Long runGeneration) {
        this.runGeneration = runGeneration;
    }

    public String getRerunToken() {
        return rerunToken;
    }

    public void setRerunToken(String rerunToken) {
        this.rerunToken = rerunToken;
    }

    public List<LostRunner> getLostRunners() {
        return lostRunners;
    }

    public void setLostRunners(List<LostRunner> lostRunners) {
        this.lostRunners = lostRunners;
    }

    public RunnersStatus getRunners() {
        return runners;
    }

    public void setRunners(RunnersStatus runners) {
        this.runners = runners;
    }

    public Integer getUsers() {
        return users;
    }

    public void setUsers(Integer users) {
        this.users = users;
    }

    public RunSummary getSummary() {
        return summary;
    }

    public void setSummary(RunSummary summary) {
        this.summary = summary;
    }

    public List<ThresholdResult> getThresholds() {
        return thresholds;
    }

    public void setThresholds(List<ThresholdResult> thresholds) {
        this.thresholds = thresholds;
    }

    public List<RunRecord> getHistory() {
        return history;
    }

    public void setHistory(List<RunRecord> history) {
        this.history = history;
    }
}
