package dev.loadtest.operator.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loadtest.api.v1alpha1.ConfigMapLoadfile;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.api.v1alpha1.Threshold;
import dev.loadtest.api.v1alpha1.ThresholdMetric;
import dev.loadtest.operator.LeaderElection;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static dev.loadtest.operator.e2e.LoadTestE2E.NS;
import static dev.loadtest.operator.e2e.LoadTestE2E.ROOT;
import static dev.loadtest.operator.e2e.LoadTestE2E.awaitFinished;
import static dev.loadtest.operator.e2e.LoadTestE2E.condition;
import static dev.loadtest.operator.e2e.LoadTestE2E.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The run lifecycle at its edges (issue 11), with the packaged operator, the real API server and real runner
 * processes: start refusals that stall at once, a spec change during a run, the rerun and stop annotations, a
 * failed run's objects outliving the next run, and runners that die while no operator is watching. It also records
 * the status samples the Argo CD health check is tested on ({@code target/status-samples/}).
 */
class RunLifecycleE2E {

    static final Path SAMPLES = ROOT.resolve("operator/target/status-samples");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @RegisterExtension
    @Order(1)
    static KubeClusterExtension cluster = RestartableOperator.runnerProcessCluster().build();

    @RegisterExtension
    @Order(2)
    static RestartableOperator<CountingTarget> operator = RestartableOperator.on(cluster).log("lifecycle-operator").build();

    @BeforeAll
    static void samplesFolder() throws IOException {
        Files.createDirectories(SAMPLES);
    }

    static LoadTest loadTest(String name, int runners, int users, String runTime, String host) {
        LoadTest lt = LoadTestE2E.loadTest(name, runners, users, runTime, host);
        lt.getSpec().setSpawnRate(20.0);
        return lt;
    }

    static Resource<LoadTest> lt(String name) {
        return cluster.client().resources(LoadTest.class).inNamespace(NS).withName(name);
    }

    static void record(String sample, LoadTest lt) throws IOException {
        Map<String, Object> metadata = Map.of("name", lt.getMetadata().getName(), "generation",
                lt.getMetadata().getGeneration());
        Files.writeString(SAMPLES.resolve(sample + ".json"), JSON.writeValueAsString(Map.of("apiVersion",
                "loadtest.dev/v1alpha1", "kind", "LoadTest", "metadata", metadata, "status", lt.getStatus())));
    }

    /**
     * Waits until every runner pod of the LoadTest's run is Ready (the moment the runners could be asked to start),
     * then until the LoadTest is finished; returns the finished LoadTest and how long it took from ready.
     */
    static Map.Entry<LoadTest, Duration> readyThenFinished(String name, int runners) {
        Resource<LoadTest> lt = lt(name);
        Instant[] ready = new Instant[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            LoadTest l = lt.get();
            if (l.getStatus() != null && l.getStatus().getRunId() != null) {
                List<Pod> pods = cluster.client().pods().inNamespace(NS)
                        .withLabel("loadtest.dev/run-id", l.getStatus().getRunId()).list().getItems();
                boolean allReady = pods.size() == runners && pods.stream().allMatch(p -> p.getStatus().getConditions()
                        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
                if (allReady || "Failed".equals(phase(l))) {
                    ready[0] = Instant.now();
                    return true;
                }
            }
            return false;
        });
        LoadTest done = awaitFinished(cluster.client(), name, Duration.ofMinutes(1));
        return Map.entry(done, Duration.between(ready[0], Instant.now()));
    }

    static LoadTest assertStalledWithin10s(String name, int runners, String... messageParts) {
        var result = readyThenFinished(name, runners);
        LoadTest done = result.getKey();
        Condition stalled = condition(done, "Stalled");
        assertThat(stalled.getStatus()).isEqualTo("True");
        assertThat(stalled.getReason()).isEqualTo("StartRefused");
        assertThat(stalled.getMessage()).contains(messageParts);
        System.out.println("[e2e] " + name + ": runners ready -> Stalled within " + result.getValue().toMillis() + " ms");
        assertThat(result.getValue()).isLessThanOrEqualTo(Duration.ofSeconds(10));
        return done;
    }

    @Test
    void noHostAnywhereStallsAtOnceNamingSpecHostAndTheFix() throws IOException {
        cluster.client().resource(loadTest("nohost", 2, 2, "30s", null)).create();
        LoadTest done = assertStalledWithin10s("nohost", 2, "spec.host is not set and ShopUser has no @Host",
                "Set spec.host");
        assertThat(done.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(operator.target().served()).isZero();
        record("stalled-start-refused", done);
    }

    @Test
    void anOptionTheLoadfileDoesNotDeclareStallsNamingTheOptionAndTheFix() {
        LoadTest lt = loadTest("badoption", 1, 1, "30s", operator.target().baseUrl());
        lt.getSpec().setOptions(Map.of("productCount", "20"));
        cluster.client().resource(lt).create();
        assertStalledWithin10s("badoption", 1, "spec.options.productCount is not an option of the loadfile, which declares product-count",
                "@CustomOption(name = \"productCount\")");
        assertThat(operator.target().served()).as("no runner started, no hook ran").isZero();
    }

    @Test
    void aLoadfileConfigMapThatDoesNotExistStallsAtOnceNamingTheFieldAndTheFix() throws IOException {
        KubernetesClient client = cluster.client();
        // a host nobody serves: the run the fix starts must not count on the target the other tests count
        LoadTest lt = loadTest("nocm", 1, 1, "3s", "http://127.0.0.1:9");
        ConfigMapLoadfile ref = new ConfigMapLoadfile();
        ref.setName("nocm-loadfile");
        ref.setKey("ShopUser.java");
        LoadfileSource source = new LoadfileSource();
        source.setConfigMap(ref);
        lt.getSpec().setLoadfile(source);
        // "at once" counts from when an operator leads, not from its start (as the start refusals count from ready)
        awaitLeading();
        Instant applied = Instant.now();
        client.resource(lt).create();

        LoadTest done = awaitFinished(client, "nocm", Duration.ofSeconds(30));
        Duration took = Duration.between(applied, Instant.now());
        Condition stalled = condition(done, "Stalled");
        System.out.println("[e2e] nocm: applied -> Stalled in " + took.toMillis() + " ms: " + stalled.getMessage());
        assertThat(stalled.getStatus()).isEqualTo("True");
        assertThat(stalled.getReason()).isEqualTo("LoadfileNotFound");
        String message = "spec.loadfile.configMap.name: ConfigMap nocm-loadfile does not exist in namespace " + NS
                + ". Create it (kubectl create configmap nocm-loadfile -n " + NS + " --from-file=ShopUser.java)";
        assertThat(stalled.getMessage()).startsWith(message).contains("loadtest.dev/rerun=");
        assertThat(took).as("at once, not after the start timeout").isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(done.getStatus().getRunId()).as("no run created").isNull();
        assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("app.kubernetes.io/instance", "nocm")
                .list().getItems()).as("no runner Job").isEmpty();
        await("the Warning Event").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(LoadTestE2E.events(client, "nocm")).filteredOn(e -> "LoadfileNotFound".equals(e.getReason()))
                        .singleElement().satisfies(e -> {
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getMessage()).startsWith(message);
                        }));
        record("stalled-loadfile-not-found", done);

        // the fix the message names: create the ConfigMap, then ask for a run with the rerun annotation
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("nocm-loadfile")
                .endMetadata().withData(Map.of("ShopUser.java", Files.readString(ROOT.resolve("docs/examples/shop/ShopUser.java"))))
                .build()).create();
        lt("nocm").edit(l -> {
            l.getMetadata().setAnnotations(Map.of("loadtest.dev/rerun", "configmap-created"));
            return l;
        });
        await("a run with the ConfigMap's loadfile").atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            LoadTest now = lt("nocm").get();
            assertThat(now.getStatus().getRunId()).isNotNull();
            assertThat(now.getStatus().getStartTime()).as("its runners compiled the loadfile and started").isNotNull();
        });
    }

    /**
     * Waits until an operator of this class's cluster holds the Lease (each test class has a cluster of its own, so
     * its Lease is this operator's; the log file is no sign, it keeps earlier runs' lines).
     */
    static void awaitLeading() {
        await("the operator leads").atMost(Duration.ofMinutes(2)).until(() -> {
            Lease lease = cluster.client().resources(Lease.class).inNamespace("default")
                    .withName(LeaderElection.LEASE_NAME).get();
            return lease != null && lease.getSpec().getHolderIdentity() != null
                    && !"another-replica".equals(lease.getSpec().getHolderIdentity());
        });
    }

    @Test
    void aLeaderThatLosesItsLeaseExitsAndTheNextLeaderResumesTheRun() throws Exception {
        cluster.client().resource(loadTest("lease", 1, 2, "30s", operator.target().baseUrl())).create();
        Resource<LoadTest> lt = lt("lease");
        await().atMost(Duration.ofMinutes(2)).until(() -> "Running".equals(phase(lt.get()))
                && lt.get().getStatus().getSummary() != null);
        String runId = lt.get().getStatus().getRunId();
        Path log = ROOT.resolve("operator/target/e2e-logs/lifecycle-operator-" + operator.starts() + ".log");

        // another replica takes the Lease: the leader can no longer renew it and must stop coordinating
        cluster.client().resources(Lease.class).inNamespace("default").withName(LeaderElection.LEASE_NAME).edit(l -> {
            l.getSpec().setHolderIdentity("another-replica");
            l.getSpec().setLeaseDurationSeconds(15);
            l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
            return l;
        });
        await("the leader exits").atMost(Duration.ofSeconds(60)).until(() -> !operator.process().isAlive());
        assertThat(Files.readString(log)).contains("Lost leadership; exiting so that only the new leader coordinates runs");
        System.out.println("[e2e] the leader exited on its lost Lease; phase then: " + phase(lt.get()));

        // Kubernetes restarts it; once the other holder's Lease runs out it leads and resumes from the API server
        operator.start();
        LoadTest done = awaitFinished(cluster.client(), "lease", Duration.ofMinutes(3));
        assertThat(done.getStatus().getRunId()).as("the same run, resumed").isEqualTo(runId);
        assertThat(done.getStatus().getPhase()).as(String.valueOf(done.getStatus().getConditions())).isEqualTo("Succeeded");
        assertThat(done.getStatus().getSummary().getAggregated().getRequests()).as("requests in status = served")
                .isPositive().isEqualTo(operator.target().served());
    }

    @Test
    void aSpecChangeDuringARunRunsOnceTheRunEndsAndTheRerunTokenRunsItAgain() throws Exception {
        cluster.client().resource(loadTest("drift", 1, 2, "15s", operator.target().baseUrl())).create();
        Resource<LoadTest> lt = lt("drift");
        await().atMost(Duration.ofMinutes(2)).until(() -> "Running".equals(phase(lt.get())));
        record("progressing-running", lt.get());
        String first = lt.get().getStatus().getRunId();
        lt.edit(l -> {
            l.getSpec().setStopTimeout("5s"); // not live: applies to the next run
            return l;
        });
        long changed = lt.get().getMetadata().getGeneration();
        await().atMost(Duration.ofSeconds(10)).until(() -> "True".equals(condition(lt.get(), "SpecDrifted").getStatus()));
        assertThat(lt.get().getStatus().getRunGeneration()).as("the run does not carry the change out").isLessThan(changed);

        await().atMost(Duration.ofMinutes(2)).until(() -> !first.equals(lt.get().getStatus().getRunId()));
        LoadTest second = awaitFinished(cluster.client(), "drift", Duration.ofMinutes(2));
        assertThat(second.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(second.getStatus().getRunGeneration()).isEqualTo(changed);
        assertThat(second.getStatus().getHistory()).extracting(h -> h.getRunId()).containsExactly(first);
        record("healthy-succeeded", second);

        // unchanged: nothing; a rerun token: a new run, which status names
        Thread.sleep(2000);
        assertThat(lt.get().getStatus().getRunId()).isEqualTo(second.getStatus().getRunId());
        lt.edit(l -> {
            l.getMetadata().getAnnotations().put("loadtest.dev/rerun", "pipeline-17");
            return l;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> "pipeline-17".equals(lt.get().getStatus().getRerunToken()));
        LoadTest third = awaitFinished(cluster.client(), "drift", Duration.ofMinutes(2));
        assertThat(third.getStatus().getRerunToken()).isEqualTo("pipeline-17");
        assertThat(third.getStatus().getHistory()).hasSize(2);
        assertThat(third.getStatus().getPhase()).isEqualTo("Succeeded");
    }

    @Test
    void theStopAnnotationStopsARunKeepsItsFiguresAndItsObjectsOutliveTheNextRun() throws Exception {
        LoadTest failing = loadTest("stopme", 1, 2, "10m", operator.target().baseUrl());
        Threshold impossible = new Threshold();
        impossible.setMetric(ThresholdMetric.p50);
        impossible.setBelow(0.001);
        failing.getSpec().setThresholds(List.of(impossible));
        cluster.client().resource(failing).create();
        Resource<LoadTest> lt = lt("stopme");
        await().atMost(Duration.ofMinutes(2)).until(() -> "Running".equals(phase(lt.get()))
                && lt.get().getStatus().getSummary() != null);
        String stopped = lt.get().getStatus().getRunId();
        lt.edit(l -> {
            l.getMetadata().setAnnotations(Map.of("loadtest.dev/stop", "true"));
            return l;
        });
        LoadTest done = awaitFinished(cluster.client(), "stopme", Duration.ofMinutes(1));
        assertThat(condition(done, "Succeeded").getReason()).isEqualTo("Stopped");
        assertThat(condition(done, "Stalled").getStatus()).isEqualTo("True");
        assertThat(done.getStatus().getSummary().getAggregated().getRequests()).as("figures kept")
                .isPositive().isEqualTo(operator.target().served());
        record("degraded-stopped", done);

        // held while the annotation is there; removed with a new token: a new run, and the stopped run's Job stays
        Thread.sleep(2000);
        assertThat(lt.get().getStatus().getRunId()).isEqualTo(stopped);
        lt.edit(l -> {
            l.getMetadata().setAnnotations(Map.of("loadtest.dev/rerun", "again"));
            l.getSpec().setRunTime("8s");
            return l;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> !stopped.equals(lt.get().getStatus().getRunId()));
        LoadTest next = awaitFinished(cluster.client(), "stopme", Duration.ofMinutes(2));
        assertThat(next.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(condition(next, "Stalled").getReason()).isEqualTo("ThresholdsNotMet");
        record("degraded-thresholds-not-met", next);
        assertThat(cluster.client().batch().v1().jobs().inNamespace(NS).withLabel("loadtest.dev/run-id", stopped)
                .list().getItems()).as("a failed run's Job is kept (no runnersTtlSecondsAfterFailure)").hasSize(1);
    }

    @Test
    void aRunnerKilledWhileTheOperatorIsDownIsFoundAndNamedAcrossTwoRestarts() throws Exception {
        // a long run time: the runner must die mid-run however long two operator starts take on a busy machine (the
        // lost runner ends the run at once)
        cluster.client().resource(loadTest("restarts", 2, 4, "10m", operator.target().baseUrl())).create();
        Resource<LoadTest> lt = lt("restarts");
        await().atMost(Duration.ofMinutes(2)).until(() -> "Running".equals(phase(lt.get()))
                && lt.get().getStatus().getUsers() != null && lt.get().getStatus().getUsers() == 4);
        String runId = lt.get().getStatus().getRunId();

        long before = requests(lt.get());
        operator.kill();
        Thread.sleep(2000);
        operator.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> requests(lt.get()) > before);

        operator.kill();
        List<Pod> pods = cluster.client().pods().inNamespace(NS).withLabel("loadtest.dev/run-id", runId).list().getItems();
        String victim = pods.getFirst().getMetadata().getName();
        long pid = cluster.kubelet().pid(NS, victim, "runner").orElseThrow();
        Instant killedAt = Instant.now();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Pod p = cluster.client().pods().inNamespace(NS).withName(victim).get();
            return p == null || "Failed".equals(p.getStatus().getPhase());
        });
        operator.start();

        LoadTest done = awaitFinished(cluster.client(), "restarts", Duration.ofMinutes(2));
        assertThat(done.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(condition(done, "Stalled").getReason()).isEqualTo("RunnerFailed");
        // the Job controller may also remove the other runner once one failed (backoffLimit 0)
        assertThat(done.getStatus().getLostRunners()).anySatisfy(l -> {
            assertThat(l.getName()).isEqualTo(victim);
            assertThat(l.getReason()).startsWith("failed");
            assertThat(Instant.parse(l.getLostAt())).isAfterOrEqualTo(killedAt.minusSeconds(1));
        });
        assertThat(condition(done, "Stalled").getMessage()).contains(victim);
        assertThat(done.getStatus().getRunId()).isEqualTo(runId);
        record("degraded-runner-failed", done);
    }

    @Test
    void theKustomizeExampleFollowsTheGeneratedLoadfileNameAndTheWaitScriptReadsOnlyItsOwnRun() throws Exception {
        Path overlay = Files.createTempDirectory("kustomize-overlay");
        Path base = overlay.relativize(ROOT.resolve("docs/examples/shop"));
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: default
                resources:
                  - %s
                patches:
                  - target: {group: loadtest.dev, kind: LoadTest, name: shop}
                    patch: |-
                      - op: replace
                        path: /spec/host
                        value: %s
                      - op: replace
                        path: /spec/runTime
                        value: 8s
                      - op: replace
                        path: /spec/runners
                        value: 1
                      - op: add
                        path: /spec/stopTimeout
                        value: 10s
                """.formatted(base, operator.target().baseUrl()));
        String rendered = run(List.of("kubectl", "kustomize", overlay.toString()), 0);
        Path manifests = overlay.resolve("rendered.yaml");
        Files.writeString(manifests, rendered);
        run(kubectl("apply", "-f", manifests.toString()), 0);

        String loadfile = lt("shop").get().getSpec().getLoadfile().getConfigMap().getName();
        assertThat(loadfile).as("the LoadTest follows the generated name").matches("shop-loadfile-[a-z0-9]{10}");
        assertThat(cluster.client().configMaps().inNamespace(NS).withName(loadfile).get()).isNotNull();
        String out = run(waitScript(), 0);
        assertThat(out).contains("Succeeded");
        LoadTest passed = lt("shop").get();
        assertThat(passed.getStatus().getSummary().getAggregated().getRequests()).isEqualTo(operator.target().served());

        // a re-apply with a threshold no run can meet: the script must wait for that run, not read the pass above
        operator.target().reset();
        Files.writeString(manifests, rendered.replace("below: 500", "below: 0.001"));
        run(kubectl("apply", "-f", manifests.toString()), 0);
        run(waitScript(), 1);
        LoadTest failed = lt("shop").get();
        assertThat(failed.getStatus().getRunId()).isNotEqualTo(passed.getStatus().getRunId());
        assertThat(condition(failed, "Succeeded").getReason()).isEqualTo("ThresholdsNotMet");
        assertThat(run(kubectl("get", "lt", "shop"), 0)).contains(failed.getStatus().getRunId());

        // the same spec again with a rerun token: a third run, which the script waits for by its token
        run(kubectl("annotate", "lt", "shop", "loadtest.dev/rerun=ci-3", "--overwrite"), 0);
        List<String> byToken = new java.util.ArrayList<>(waitScript());
        byToken.add("ci-3");
        run(byToken, 1);
        assertThat(lt("shop").get().getStatus().getRerunToken()).isEqualTo("ci-3");
        assertThat(lt("shop").get().getStatus().getHistory()).hasSize(2);
    }

    static List<String> kubectl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig",
                cluster.kubeconfig().toString(), "-n", NS));
        command.addAll(List.of(args));
        return command;
    }

    static List<String> waitScript() {
        return List.of("sh", ROOT.resolve("docs/gitops/wait-for-run.sh").toString(), "shop");
    }

    /** Runs a command with the cluster's kubeconfig for the wait script; asserts its exit code. */
    static String run(List<String> command, int expectedExit) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().put("KUBECTL_ARGS", "--kubeconfig " + cluster.kubeconfig() + " -n " + NS);
        b.environment().put("TIMEOUT", "3m");
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isEqualTo(expectedExit);
        return out;
    }

    private static long requests(LoadTest l) {
        return l.getStatus() == null || l.getStatus().getSummary() == null ? 0
                : l.getStatus().getSummary().getAggregated().getRequests();
    }
}
