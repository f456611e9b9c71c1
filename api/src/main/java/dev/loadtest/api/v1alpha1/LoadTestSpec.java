package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Map;

/**
 * The desired load test: what to run (the loadfile), how hard (users, spawn rate, runners), for how long,
 * against which host, and what counts as a pass (thresholds). The same YAML runs on a laptop with `loadtest
 * run FILE.yaml`.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoadTestSpec {

    @JsonPropertyDescription("Peak number of concurrent users (Locust -u/--users), split over the runners. Changing it while the test runs re-dispatches the new count to the running runners.")
    @Min(0)
    @Default("1")
    private Integer users;

    @JsonPropertyDescription("Users started (or stopped) per second across all runners (Locust -r/--spawn-rate). Changing it while the test runs takes effect at once.")
    @Min(0)
    @Default("1")
    private Double spawnRate;

    @JsonPropertyDescription("Base URL of the system under test (Locust -H/--host), e.g. http://shop.default.svc:8080. Overrides the host set in the loadfile.")
    private String host;

    @JsonPropertyDescription("Protocol of HttpUser's client: \"1.1\" (the default, the faster for plain-HTTP load) or \"2\" (HTTP/2: negotiated by ALPN over https; over http the client asks for an h2c upgrade and stays on HTTP/1.1 if the server declines). FastHttpUser always speaks HTTP/1.1.")
    @Pattern("^(1\\.1|2)$")
    @Default("1.1")
    private String httpVersion;

    @JsonPropertyDescription("Skip verification of the target's TLS certificate and host name in HttpUser and FastHttpUser alike (Locust's verify=False), for targets with self-signed certificates. Never for a target reached over an untrusted network.")
    private Boolean insecureSkipTlsVerify;

    @JsonPropertyDescription("Only run tasks with at least one of these tags (Locust -T/--tags). Untagged tasks are dropped; a user class left with no tasks is an error.")
    private List<String> tags;

    @JsonPropertyDescription("Do not run tasks with any of these tags (Locust -E/--exclude-tags).")
    private List<String> excludeTags;

    @JsonPropertyDescription("Names of the user classes to run (Locust positional UserClass arguments). Empty: every non-abstract user class in the loadfile.")
    private List<String> userClasses;

    @JsonPropertyDescription("A declarative load shape (Locust's LoadTestShape without code): stages run one after another, each holding its users for its duration, reached at its spawn rate; runners are re-dispatched when a stage begins. With stages, spec.users and spec.spawnRate are not used (except as a stage's default spawn rate), and the test ends after the last stage, or at spec.runTime if that is shorter.")
    private List<Stage> stages;

    @JsonPropertyDescription("How long the test runs, counted from its start and including ramp-up (Locust -t/--run-time), as a Locust timespan: 90, 90s, 3m, 1h30m. Empty: runs until the LoadTest is deleted or stopped.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h)?)+$")
    private String runTime;

    @JsonPropertyDescription("How long running users may take to finish their current task when the test stops (Locust --stop-timeout), as a timespan. 0 stops them at once.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h)?)+$")
    @Default("0s")
    private String stopTimeout;

    @JsonPropertyDescription("Number of runner pods the users are split over. Each runner runs whole users; the remainder goes to the first runners.")
    @Min(1)
    @Default("1")
    private Integer runners;

    @JsonPropertyDescription("Where the loadfile (the Java source of the users and tasks, or a jar) comes from: a ConfigMap, inline source, or a path inside the runner image. Exactly one.")
    @Required
    private LoadfileSource loadfile;

    @JsonPropertyDescription("Custom options for the loadfile, as name to value (Locust custom arguments), written as the loadfile declares them (Locust's convention: lower case with dashes), e.g. {product-count: \"20\"}. User code reads them with options().get(name).")
    private Map<String, String> options;

    @JsonPropertyDescription("Environment variables for the runner pods. Use valueFrom with secretKeyRef or configMapKeyRef for credentials, so that they never appear in the spec.")
    private List<EnvVar> env;

    @JsonPropertyDescription("Pass/fail criteria evaluated on the merged statistics, e.g. p95 of Aggregated below 300 ms. The run passes when every threshold is met. A threshold with abortOnFail stops the run as soon as it fails.")
    private List<Threshold> thresholds;

    @JsonPropertyDescription("Settings of the runner pods: image, resources, scheduling, service account, extra labels and annotations.")
    private RunnerPodSpec runnerPod;

    @JsonPropertyDescription("What to delete after the run finishes, and when. By default runners of a passed run are deleted at once and those of a failed run are kept for inspection.")
    private CleanupPolicy cleanup;

    public Integer getUsers() {
        return users;
    }

    public void setUsers(Integer users) {
        this.users = users;
    }

    public Double getSpawnRate() {
        return spawnRate;
    }

    public void setSpawnRate(Double spawnRate) {
        this.spawnRate = spawnRate;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public String getHttpVersion() {
        return httpVersion;
    }

    public void setHttpVersion(String httpVersion) {
        this.httpVersion = httpVersion;
    }

    public Boolean getInsecureSkipTlsVerify() {
        return insecureSkipTlsVerify;
    }

    public void setInsecureSkipTlsVerify(Boolean insecureSkipTlsVerify) {
        this.insecureSkipTlsVerify = insecureSkipTlsVerify;
    }

    public List<String> getTags() {
        return tags;
    }

    public void setTags(List<String> tags) {
        this.tags = tags;
    }

    public List<String> getExcludeTags() {
        return excludeTags;
    }

    public void setExcludeTags(List<String> excludeTags) {
        this.excludeTags = excludeTags;
    }

    public List<String> getUserClasses() {
        return userClasses;
    }

    public void setUserClasses(List<String> userClasses) {
        this.userClasses = userClasses;
    }

    public List<Stage> getStages() {
        return stages;
    }

    public void setStages(List<Stage> stages) {
        this.stages = stages;
    }

    public String getRunTime() {
        return runTime;
    }

    public void setRunTime(String runTime) {
        this.runTime = runTime;
    }

    public String getStopTimeout() {
        return stopTimeout;
    }

    public void setStopTimeout(String stopTimeout) {
        this.stopTimeout = stopTimeout;
    }

    public Integer getRunners() {
        return runners;
    }

    public void setRunners(Integer runners) {
        this.runners = runners;
    }

    public LoadfileSource getLoadfile() {
        return loadfile;
    }

    public void setLoadfile(LoadfileSource loadfile) {
        this.loadfile = loadfile;
    }

    public Map<String, String> getOptions() {
        return options;
    }

    public void setOptions(Map<String, String> options) {
        this.options = options;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public List<Threshold> getThresholds() {
        return thresholds;
    }

    public void setThresholds(List<Threshold> thresholds) {
        this.thresholds = thresholds;
    }

    public RunnerPodSpec getRunnerPod() {
        return runnerPod;
    }

    public void setRunnerPod(RunnerPodSpec runnerPod) {
        this.runnerPod = runnerPod;
    }

    public CleanupPolicy getCleanup() {
        return cleanup;
    }

    public void setCleanup(CleanupPolicy cleanup) {
        this.cleanup = cleanup;
    }
}
