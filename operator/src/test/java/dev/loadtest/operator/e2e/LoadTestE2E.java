package dev.loadtest.operator.e2e;

import dev.loadtest.api.results.ResultsConfigMaps;
import dev.loadtest.api.v1alpha1.CleanupPolicy;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.api.v1alpha1.Stage;
import dev.loadtest.api.v1alpha1.Threshold;
import dev.loadtest.api.v1alpha1.ThresholdMetric;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator end to end: its packaged jar as a process (prod profile, leader election on) against a real
 * Kubernetes v1.20.2 API server and controller manager, whose process kubelet runs the runner pods as the real
 * runner jar. The load goes to {@link CountingTarget}, which counts what it served, so the final figures in
 * status are checked against an independent count.
 */
class LoadTestE2E {

    static final Path ROOT = RestartableOperator.ROOT;
    static final Path RUNNER_JAR = RestartableOperator.RUNNER_JAR;
    static final Path OPERATOR_JAR = RestartableOperator.OPERATOR_JAR;
    static final String RUNNER_IMAGE = RestartableOperator.RUNNER_IMAGE;
    static final String NS = "default";

    @RegisterExtension
    @Order(1)
    static KubeClusterExtension cluster = RestartableOperator.runnerProcessCluster().build();

    @RegisterExtension
    @Order(2)
    static RestartableOperator<CountingTarget> operator = RestartableOperator.on(cluster).log("operator").build();


    @Test
    void theDocsExampleAppliedWithKubectlRunsOnThreeRunnersAndPasses() throws Exception {
        KubernetesClient client = cluster.client();
        kubectl("create", "configmap", "shop-loadfile", "-n", NS,
                "--from-file=" + ROOT.resolve("docs/examples/shop/ShopUser.java"));
        String manifest = Files.readString(ROOT.resolve("docs/examples/loadtest-shop.yaml"))
                .replace("http://shop.default.svc:8080", operator.target().baseUrl())
                .replace("runTime: 1m", "runTime: 12s\n  stopTimeout: 10s");
        Path file = Files.createTempFile("loadtest-shop", ".yaml");
        Files.writeString(file, manifest);
        kubectl("apply", "-n", NS, "-f", file.toString());

        LoadTest done = awaitFinished(client, "shop", Duration.ofMinutes(2));
        assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(condition(done, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(done, "Reconciling").getStatus()).isEqualTo("False");
        assertThat(condition(done, "Stalled").getStatus()).isEqualTo("False");
        assertThat(condition(done, "Succeeded").getReason()).isEqualTo("Completed");
        assertThat(condition(done, "ThresholdsMet").getStatus()).isEqualTo("True");
        assertThat(done.getStatus().getObservedGeneration()).isEqualTo(done.getMetadata().getGeneration());
        assertThat(done.getStatus().getRunners().getExpected()).isEqualTo(3);
        assertThat(done.getStatus().getThresholds()).hasSize(2).allSatisfy(t -> assertThat(t.getMet()).isTrue());
        assertThat(done.getStatus().getStartTime()).isNotNull();
        assertThat(done.getStatus().getCompletionTime()).isNotNull();
        long requests = done.getStatus().getSummary().getAggregated().getRequests();
        assertThat(requests).as("requests in status = requests the target served").isPositive()
                .isEqualTo(operator.target().served());
        assertThat(kubectl("get", "lt", "shop", "-n", NS)).contains("Succeeded");
        // a passed run's runners are deleted at once (spec.cleanup default)
        String runId = done.getStatus().getRunId();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems()).isEmpty();
            assertThat(client.pods().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems()).isEmpty();
            assertThat(client.secrets().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems()).isEmpty();
        });
        String started = events(client, "shop").stream().filter(e -> "RunnersStarted".equals(e.getReason()))
                .map(Event::getMessage).findFirst().orElseThrow();
        System.out.println("[e2e] apply -> all runners started: " + started);
    }

    @Test
    void aFailedThresholdFailsTheRunAndKeepsItsJobForInspection() {
        KubernetesClient client = cluster.client();
        Threshold impossible = new Threshold();
        impossible.setMetric(ThresholdMetric.p50);
        impossible.setBelow(0.001);
        LoadTest lt = loadTest("strict", 1, 4, "8s");
        lt.getSpec().setThresholds(List.of(impossible));
        client.resource(lt).create();

        LoadTest done = awaitFinished(client, "strict", Duration.ofMinutes(2));
        assertThat(done.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(condition(done, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(done, "Stalled").getStatus()).isEqualTo("True");
        assertThat(condition(done, "Stalled").getReason()).isEqualTo("ThresholdsNotMet");
        assertThat(condition(done, "Succeeded").getStatus()).isEqualTo("False");
        assertThat(condition(done, "ThresholdsMet").getStatus()).isEqualTo("False");
        assertThat(done.getStatus().getThresholds().getFirst().getMet()).isFalse();
        assertThat(done.getStatus().getThresholds().getFirst().getValue()).isPositive();
        assertThat(done.getStatus().getSummary().getAggregated().getRequests()).isEqualTo(operator.target().served());
        String runId = done.getStatus().getRunId();
        assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems())
                .as("kept after a failure (no runnersTtlSecondsAfterFailure)").hasSize(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                client.pods().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems())
                .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded")));

        // a change after the run finished starts a new run; the failed one moves to history, its Job stays
        operator.target().reset();
        client.resources(LoadTest.class).inNamespace(NS).withName("strict").edit(l -> {
            l.getSpec().getThresholds().getFirst().setBelow(60_000.0);
            return l;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            LoadTest l = client.resources(LoadTest.class).inNamespace(NS).withName("strict").get();
            return !runId.equals(l.getStatus().getRunId());
        });
        LoadTest rerun = awaitFinished(client, "strict", Duration.ofMinutes(2));
        assertThat(rerun.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(rerun.getStatus().getSummary().getAggregated().getRequests()).isEqualTo(operator.target().served());
        assertThat(rerun.getStatus().getHistory()).singleElement().satisfies(h -> {
            assertThat(h.getRunId()).isEqualTo(runId);
            assertThat(h.getResult()).isEqualTo("Failed");
            assertThat(h.getReason()).isEqualTo("ThresholdsNotMet");
        });
        // a failed run's objects live for their TTL (none here: kept), whatever runs after it
        assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems())
                .hasSize(1);
    }

    @Test
    void anOperatorCrashMidRunLosesNoRequestsAndUsersChangeLive() throws Exception {
        KubernetesClient client = cluster.client();
        client.resource(loadTest("resilient", 2, 4, "35s")).create();
        Resource<LoadTest> lt = client.resources(LoadTest.class).inNamespace(NS).withName("resilient");
        await().atMost(Duration.ofMinutes(2)).until(() -> "Running".equals(phase(lt.get()))
                && lt.get().getStatus().getUsers() != null && lt.get().getStatus().getUsers() == 4);

        String runId = lt.get().getStatus().getRunId();
        lt.edit(l -> {
            l.getSpec().setUsers(8);
            l.getSpec().setHost("http://127.0.0.1:9"); // drift: applies to the next run only
            return l;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> lt.get().getStatus().getUsers() == 8);
        await().atMost(Duration.ofSeconds(10)).until(() -> "True".equals(condition(lt.get(), "SpecDrifted").getStatus()));
        assertThat(condition(lt.get(), "SpecDrifted").getMessage()).startsWith("spec.host changed");
        assertThat(lt.get().getStatus().getRunId()).as("no new run while running").isEqualTo(runId);

        operator.kill();
        Thread.sleep(3000);
        operator.start();

        // the drifted spec runs once this run ended: the run that had it moves to history
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> !runId.equals(lt.get().getStatus().getRunId()));
        var first = lt.get().getStatus().getHistory().getFirst();
        assertThat(first.getRunId()).isEqualTo(runId);
        assertThat(first.getResult()).isEqualTo("Succeeded");
        assertThat(first.getRequests())
                .as("the new leader resumed from the runners' cumulative statistics").isEqualTo(operator.target().served());
        assertThat(first.getFailures()).as("the drifted host was not used by that run").isZero();
        assertThat(events(client, "resilient")).extracting(Event::getReason)
                .contains("UsersRedispatched", "SpecChangedDuringRun");
        lt.delete(); // its next run aims at the drifted, closed port: not this test's business
    }

    @Test
    void deletingARunningLoadTestStopsItsRunnersAndCollectsWhatItOwned() {
        KubernetesClient client = cluster.client();
        client.resource(loadTest("doomed", 2, 2, "10m")).create();
        Resource<LoadTest> lt = client.resources(LoadTest.class).inNamespace(NS).withName("doomed");
        await().atMost(Duration.ofMinutes(2)).until(() -> "Running".equals(phase(lt.get())));
        String runId = lt.get().getStatus().getRunId();
        List<String> pods = client.pods().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems()
                .stream().map(p -> p.getMetadata().getName()).toList();
        assertThat(pods).hasSize(2);

        // the PIDs, not the kubelet's view: it forgets a deleted pod's processes, alive or not
        List<ProcessHandle> runners = pods.stream().map(p -> cluster.kubelet().pid(NS, p, "runner").orElseThrow())
                .map(pid -> ProcessHandle.of(pid).orElseThrow()).toList();

        Instant deleted = Instant.now();
        lt.delete();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> runners.stream().noneMatch(ProcessHandle::isAlive));
        Duration stopped = Duration.between(deleted, Instant.now());
        System.out.println("[e2e] LoadTest deleted mid-run -> runner processes gone in " + stopped.toMillis() + " ms");
        assertThat(stopped).as("runners stop within spec.stopTimeout").isLessThanOrEqualTo(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(client.pods().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems()).isEmpty();
            assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems()).isEmpty();
            assertThat(client.secrets().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems()).isEmpty();
            assertThat(client.configMaps().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems()).isEmpty();
        });
        for (String pod : pods) {
            assertThat(cluster.kubelet().pid(NS, pod, "runner")).as("runner process of " + pod).isEmpty();
        }
        long servedAfterDelete = operator.target().served();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> operator.target().served() == servedAfterDelete);
    }

    @Test
    void aSecretFromSpecEnvAndTheRunTokenAppearNowhereAUserOrTheRunnersWrite() {
        KubernetesClient client = cluster.client();
        String apiKey = "sk-planted-" + UUID.randomUUID();
        client.resource(new SecretBuilder().withNewMetadata().withName("shop-credentials").withNamespace(NS).endMetadata()
                .withStringData(Map.of("api-key", apiKey)).build()).create();
        LoadTest lt = loadTest("keyed", 2, 2, "8s");
        lt.getSpec().getLoadfile().setInline(Map.of("KeyedUser.java", """
                import dev.loadtest.HttpUser;
                import dev.loadtest.Task;
                import dev.loadtest.WaitTime;

                import static dev.loadtest.RequestOptions.with;

                public class KeyedUser extends HttpUser {
                    private static final String KEY = System.getenv("SHOP_API_KEY");

                    @Override
                    protected WaitTime waitTime() {
                        return WaitTime.between(0.05, 0.1);
                    }

                    @Task
                    void products() {
                        client.get("/api/products", with().header("X-Api-Key", KEY));
                    }
                }
                """));
        lt.getSpec().setEnv(List.of(new EnvVarBuilder().withName("SHOP_API_KEY").withNewValueFrom()
                .withNewSecretKeyRef().withName("shop-credentials").withKey("api-key").endSecretKeyRef()
                .endValueFrom().build()));
        CleanupPolicy keepRunners = new CleanupPolicy();
        keepRunners.setRunnersTtlSecondsAfterSuccess(600); // the runners' logs live as long as their pods
        lt.getSpec().setCleanup(keepRunners);
        client.resource(lt).create();

        LoadTest done = awaitFinished(client, "keyed", Duration.ofMinutes(2));
        assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(done.getStatus().getSummary().getAggregated().getRequests()).isPositive().isEqualTo(operator.target().served());
        assertThat(operator.target().apiKeysSeen()).as("the secret reached the runners, so they had it to leak")
                .containsExactly(apiKey);

        String runId = done.getStatus().getRunId();
        Secret tokenSecret = client.secrets().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems()
                .stream().filter(s -> s.getData() != null && s.getData().containsKey("token")).findFirst().orElseThrow();
        String token = new String(Base64.getDecoder().decode(tokenSecret.getData().get("token")), StandardCharsets.UTF_8);
        List<Pod> pods = client.pods().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems();
        assertThat(pods).hasSize(2);

        LeakScan scan = new LeakScan(Map.of("the spec.env secret shop-credentials/api-key", apiKey,
                "the run token", token))
                .text("LoadTest keyed (spec and status)", Serialization.asYaml(
                        client.resources(LoadTest.class).inNamespace(NS).withName("keyed").get()))
                .text("the Events of namespace " + NS, Serialization.asYaml(client.v1().events().inNamespace(NS).list()))
                .text("the runner Job", Serialization.asYaml(
                        client.batch().v1().jobs().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list()))
                .text("the runner pods", Serialization.asYaml(pods))
                .text("the run's kept results (docs/results.md)", keptResultsJson(client, runId))
                .files(operator.process().log);
        for (Pod pod : pods) {
            // the process kubelet keeps <container>.log (the runner's stdout and stderr) and what it wrote in root/
            Path podDir = cluster.kubelet().podDir(NS, pod.getMetadata().getName()).orElseThrow();
            assertThat(podDir.resolve("runner.log")).as("the runner's log").isNotEmptyFile();
            scan.files(podDir);
        }
        System.out.println("[e2e] secrets searched in: " + scan.placesScanned());
        assertThat(scan.leaks()).as("secret values found").isEmpty();
        client.resources(LoadTest.class).inNamespace(NS).withName("keyed").delete();
    }

    /** The run's kept results as the JSON they are stored as (gzip in binaryData), for the leak scan. */
    static String keptResultsJson(KubernetesClient client, String runId) {
        List<ConfigMap> parts = client.configMaps().inNamespace(NS)
                .withLabelSelector(ResultsConfigMaps.selector(runId)).list().getItems();
        assertThat(parts).as("the run's results are kept").hasSize(1);
        byte[] gzip = Base64.getDecoder().decode(parts.getFirst().getBinaryData().get(ResultsConfigMaps.DATA_KEY));
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theTargetDownForPartOfTheRunIsCountedAsFailuresAndTheRunCompletes() throws Exception {
        KubernetesClient client = cluster.client();
        client.resource(loadTest("flaky", 2, 4, "20s")).create();
        Resource<LoadTest> lt = client.resources(LoadTest.class).inNamespace(NS).withName("flaky");
        await().atMost(Duration.ofMinutes(2)).until(() -> "Running".equals(phase(lt.get())) && operator.target().served() > 50);

        operator.target().down();
        long servedBeforeDown = operator.target().served();
        Thread.sleep(4000);
        assertThat(operator.target().served()).as("nothing served while down").isEqualTo(servedBeforeDown);
        operator.target().up();

        LoadTest done = awaitFinished(client, "flaky", Duration.ofMinutes(2));
        assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
        var total = done.getStatus().getSummary().getAggregated();
        System.out.println("[e2e] target down 4 s of 20 s: requests " + total.getRequests() + ", failures "
                + total.getFailures() + ", served " + operator.target().served() + "; " + done.getStatus().getSummary().getFailures()
                .stream().map(f -> f.getOccurrences() + "x " + f.getError()).toList());
        assertThat(total.getFailures()).as("requests while the target was down").isPositive();
        assertThat(operator.target().served()).as("served again once it was back").isGreaterThan(servedBeforeDown);
        assertThat(total.getRequests() - total.getFailures()).as("successes in status = requests the target served")
                .isEqualTo(operator.target().served());
    }

    @Test
    void aLoadfileThatDoesNotCompileStallsWithTheCompilerMessage() {
        KubernetesClient client = cluster.client();
        LoadTest lt = loadTest("broken", 1, 1, "10s");
        lt.getSpec().getLoadfile().setInline(Map.of("Broken.java", "public class Broken {\n    int x = ;\n}\n"));
        client.resource(lt).create();
        LoadTest done = awaitFinished(client, "broken", Duration.ofMinutes(2));
        assertThat(done.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(condition(done, "Stalled").getReason()).isEqualTo("LoadfileInvalid");
        assertThat(condition(done, "Stalled").getMessage()).contains("Broken.java:2:");
        assertThat(operator.target().served()).isZero();
    }

    @Test
    void stagesAreFollowedAcrossRunnersAndTheUserCountInStatusTracesTheCurve() {
        // 2 users for 10 s, 6 for 10 s, 2 for 8 s, over 2 runners; runTime 2m is longer than the 28 s of stages
        KubernetesClient client = cluster.client();
        LoadTest staged = loadTest("staged", 2, 1, "2m");
        staged.getSpec().setStages(List.of(new Stage("10s", 2, null), new Stage("10s", 6, null),
                new Stage("8s", 2, null)));
        client.resource(staged).create();
        Resource<LoadTest> lt = client.resources(LoadTest.class).inNamespace(NS).withName("staged");

        // sample status.users every 500 ms until the run ends: the samples are the measurement, not a wait
        List<Integer> samples = new ArrayList<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            LoadTest now = lt.get();
            if (now != null && now.getStatus() != null && "Running".equals(now.getStatus().getPhase())
                    && now.getStatus().getUsers() != null) {
                samples.add(now.getStatus().getUsers());
            }
            return "Succeeded".equals(phase(now)) || "Failed".equals(phase(now));
        });
        LoadTest done = lt.get();
        System.out.println("[e2e] status.users every 500 ms: " + samples);

        assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
        // the curve's levels in order; status is written at most every 2 s and the runners ramp at 20/s, so a
        // sample may also catch 0 (before the first report) or a count between two levels, never above 6
        List<Integer> levels = new ArrayList<>();
        samples.stream().filter(n -> n == 2 || n == 6).forEach(n -> {
            if (levels.isEmpty() || !levels.getLast().equals(n)) {
                levels.add(n);
            }
        });
        assertThat(levels).as(samples.toString()).containsExactly(2, 6, 2);
        assertThat(samples).as("never above the highest stage").allMatch(n -> n <= 6);
        assertThat(samples.stream().filter(n -> n == 6).count()).as("the 10 s at 6 users is seen for seconds, "
                + samples).isGreaterThanOrEqualTo(6);
        double seconds = Duration.between(java.time.Instant.parse(done.getStatus().getStartTime()),
                java.time.Instant.parse(done.getStatus().getCompletionTime())).toMillis() / 1000.0;
        assertThat(seconds).as("ends after the 28 s of stages, not at runTime's 2 min").isBetween(27.0, 60.0);
        assertThat(events(client, "staged")).filteredOn(e -> "UsersRedispatched".equals(e.getReason()))
                .extracting(Event::getMessage).anySatisfy(m -> assertThat(m).contains("to 6 users"))
                .anySatisfy(m -> assertThat(m).contains("to 2 users"));
        assertThat(done.getStatus().getSummary().getAggregated().getRequests()).isEqualTo(operator.target().served());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    static LoadTest loadTest(String name, int runners, int users, String runTime) {
        return loadTest(name, runners, users, runTime, operator.target().baseUrl());
    }

    static LoadTest loadTest(String name, int runners, int users, String runTime, String host) {
        LoadTest lt = new LoadTest();
        lt.getMetadata().setName(name);
        lt.getMetadata().setNamespace(NS);
        LoadTestSpec spec = new LoadTestSpec();
        spec.setRunners(runners);
        spec.setUsers(users);
        spec.setSpawnRate(20.0);
        spec.setRunTime(runTime);
        spec.setStopTimeout("10s");
        spec.setHost(host);
        LoadfileSource loadfile = new LoadfileSource();
        try {
            loadfile.setInline(Map.of("ShopUser.java", Files.readString(ROOT.resolve("docs/examples/shop/ShopUser.java"))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        spec.setLoadfile(loadfile);
        lt.setSpec(spec);
        return lt;
    }

    static LoadTest awaitFinished(KubernetesClient client, String name, Duration atMost) {
        Resource<LoadTest> lt = client.resources(LoadTest.class).inNamespace(NS).withName(name);
        await().atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> "Succeeded".equals(phase(lt.get())) || "Failed".equals(phase(lt.get())));
        return lt.get();
    }

    static String phase(LoadTest lt) {
        return lt == null || lt.getStatus() == null ? null : lt.getStatus().getPhase();
    }

    static Condition condition(LoadTest lt, String type) {
        return lt.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    static List<Event> events(KubernetesClient client, String name) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }

    static String kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", cluster.kubeconfig().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
