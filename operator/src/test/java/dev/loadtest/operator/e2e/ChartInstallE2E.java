package dev.loadtest.operator.e2e;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.operator.chart.Chart;
import dev.loadtest.testcluster.ImageCommand;
import dev.loadtest.testcluster.ProjectImages;
import dev.loadtest.testcluster.KubeClusterExtension;
import dev.loadtest.testcluster.PodVolumes;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.loadtest.operator.e2e.LoadTestE2E.OPERATOR_JAR;
import static dev.loadtest.operator.e2e.LoadTestE2E.RUNNER_IMAGE;
import static dev.loadtest.operator.e2e.LoadTestE2E.RUNNER_JAR;
import static dev.loadtest.operator.e2e.LoadTestE2E.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chart installed with real Helm (helm-java) into a real API server with RBAC enforced, as a platform team
 * would: the CRD from the chart, the operator as a pod under the chart's ServiceAccount and nothing else, runner
 * pods from the runner image. A LoadTest's final figures must equal what the target served, so any right missing
 * from the chart's RBAC fails the run. Then upgrade, uninstall (the CRD stays), and a namespaced install that
 * must leave LoadTests in other namespaces untouched.
 *
 * <p>Pods run in the test kubelet's CONTAINER mode: the operator and runner pods run their real images (built
 * from the production Dockerfiles) with the chart's security settings, mounts and limits ({@link #IMAGES}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartInstallE2E {

    static final String OPERATOR_IMAGE = InClusterOperatorE2E.OPERATOR_IMAGE;
    static final String RELEASE = "loadtest-operator";
    static final String SYSTEM = "loadtest-system";

    /**
     * How the chart's images run: CONTAINER mode, both images built from their Dockerfiles (in
     * {@link #startTarget()}) and run by the Docker engine as the chart's pod specs say. For the process mode:
     * {@code Map.of(OPERATOR_IMAGE, operatorJar(), RUNNER_IMAGE, ImageCommand.javaJar(RUNNER_JAR))}.
     */
    static final Map<String, ImageCommand> IMAGES = Map.of(OPERATOR_IMAGE, ImageCommand.docker(),
            RUNNER_IMAGE, ImageCommand.docker());

    @RegisterExtension
    static KubeClusterExtension cluster = withImages(KubeClusterExtension.builder().crds(null)).build();

    static CountingTarget target;

    /**
     * The operator image played by its packaged jar. A process cannot see a mounted file at its absolute path
     * (the process kubelet mounts below $POD_ROOT), so the runner pod defaults file the chart mounts is named
     * where this pod has it.
     */
    static ImageCommand operatorJar() {
        String jar = OPERATOR_JAR.toAbsolutePath().toString();
        return (container, pod) -> {
            List<String> command = new ArrayList<>(List.of(ImageCommand.javaExecutable()));
            String defaults = pod.env().get("LOADTEST_RUNNER_POD_DEFAULTS_FILE");
            if (defaults != null && readsPodDefaults()) {
                command.add("-Dloadtest.runner.pod-defaults-file=" + PodVolumes.under(pod.root(), defaults));
            }
            command.addAll(List.of("-jar", jar));
            command.addAll(container.getArgs() == null ? List.of() : container.getArgs());
            return command;
        };
    }

    /** Whether this operator build has the setting (Quarkus refuses an unknown loadtest.* system property). */
    static boolean readsPodDefaults() {
        return java.util.Arrays.stream(dev.loadtest.operator.config.OperatorConfig.Runner.class.getMethods())
                .anyMatch(m -> m.getName().equals("podDefaultsFile"));
    }

    static KubeClusterExtension.Builder withImages(KubeClusterExtension.Builder builder) {
        IMAGES.forEach(builder::image);
        return builder;
    }

    @BeforeAll
    static void startTarget() throws IOException {
        assertThat(OPERATOR_JAR).as("the operator jar is built by package, before failsafe runs").exists();
        assertThat(RUNNER_JAR).as("build the runner first: mvn -B -pl runner-image -am package").exists();
        ProjectImages.buildRunner();
        ProjectImages.buildOperator();
        target = new CountingTarget();
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    /**
     * Values for this machine only: pods share the host's loopback here, so the operator listens on its pod IP
     * (127.0.0.x), and a small heap.
     */
    static Map<String, Object> values(Map<String, Object> more) {
        Map<String, Object> values = new HashMap<>(Map.of("http", Map.of("bindPodIP", true),
                "operator", Map.of("javaOptions", "-Xmx384m", "pollInterval", "1s")));
        values.putAll(more);
        return values;
    }

    @Test
    @Order(1)
    void aClusterWideInstallRunsALoadTestUnderTheChartsServiceAccount() {
        KubernetesClient client = cluster.client();
        long t0 = System.nanoTime();
        Release release = Chart.helm().install().withName(RELEASE).withNamespace(SYSTEM).createNamespace()
                .withKubeConfig(cluster.kubeconfig()).withValuesFile(Chart.valuesFile(values(Map.of()))).call();
        System.out.printf("[chart-e2e] helm install: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(release.getStatus()).isEqualTo("deployed");
        assertThat(release.getAppVersion()).isEqualTo(Chart.projectVersion());
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName("loadtests.loadtest.dev").get())
                .as("installed from the chart's crds/").isNotNull();

        Pod operator = awaitRunningOperator(client, SYSTEM, null);
        assertThat(operator.getSpec().getServiceAccountName()).isEqualTo(RELEASE);
        System.out.printf("[chart-e2e] install -> operator pod running: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(operator.getSpec().getContainers().getFirst().getImage()).isEqualTo(ProjectImages.operator());
        assertThat(operator.getStatus().getContainerStatuses().getFirst().getContainerID())
                .as("the operator runs from its image, as a container").startsWith("docker://");

        target.reset();
        LoadTest done = runLoadTest(client, "default", "chart-run", 2, 4, "8s");
        assertThat(done.getStatus().getPhase()).as(String.valueOf(done.getStatus().getConditions())).isEqualTo("Succeeded");
        assertThat(done.getStatus().getSummary().getAggregated().getRequests()).isPositive().isEqualTo(target.served());
        assertThat(client.leases().inNamespace(SYSTEM).withName("loadtest-operator-lease").get())
                .as("leader election in the release namespace").isNotNull();
        // the rights a successful run uses beyond reconciling: Events (whose failures the operator only logs)
        // and deleting the run's objects once it passed (spec.cleanup's default)
        assertThat(client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "chart-run".equals(e.getInvolvedObject().getName())).map(e -> e.getReason()).toList())
                .contains("RunCreated", "RunnersStarted", "RunSucceeded");
        String runId = done.getStatus().getRunId();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(client.batch().v1().jobs().inNamespace("default").withLabel("loadtest.dev/run-id", runId).list()
                    .getItems()).isEmpty();
            assertThat(client.secrets().inNamespace("default").withLabel("loadtest.dev/run-id", runId).list().getItems())
                    .isEmpty();
            // every ConfigMap of the run but its kept results (docs/results.md)
            assertThat(client.configMaps().inNamespace("default").withLabelSelector("loadtest.dev/run-id=" + runId
                    + ",app.kubernetes.io/component!=results").list().getItems()).isEmpty();
        });
        // the run's results, written under the chart's RBAC, outlive its runners
        assertThat(client.configMaps().inNamespace("default")
                .withLabelSelector(dev.loadtest.api.results.ResultsConfigMaps.selector(runId)).list().getItems())
                .hasSize(1);
    }

    @Test
    @Order(2)
    void anUpgradeWithChangedValuesRollsTheOperatorAndItKeepsServing() {
        KubernetesClient client = cluster.client();
        String before = awaitRunningOperator(client, SYSTEM, null).getMetadata().getName();
        Release release = Chart.helm().upgrade().withName(RELEASE).withNamespace(SYSTEM).withKubeConfig(cluster.kubeconfig())
                .withValuesFile(Chart.valuesFile(values(Map.of("operator", Map.of("javaOptions", "-Xmx384m",
                        "pollInterval", "1s", "historyLimit", 3))))).call();
        assertThat(release.getRevision()).isEqualTo("2");
        Deployment deployment = client.apps().deployments().inNamespace(SYSTEM).withName(RELEASE).get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("LOADTEST_HISTORY_LIMIT=3"));
        Pod after = awaitRunningOperator(client, SYSTEM, before);
        await().atMost(Duration.ofMinutes(1)).until(() -> client.pods().inNamespace(SYSTEM).withName(before).get() == null);
        assertThat(after.getMetadata().getName()).isNotEqualTo(before);

        // the new pod takes the Lease over from the old one and serves LoadTests
        target.reset();
        LoadTest done = runLoadTest(client, "default", "after-upgrade", 1, 2, "5s");
        assertThat(done.getStatus().getPhase()).as(String.valueOf(done.getStatus().getConditions())).isEqualTo("Succeeded");
        assertThat(done.getStatus().getSummary().getAggregated().getRequests()).isPositive().isEqualTo(target.served());
    }

    @Test
    @Order(3)
    void uninstallRemovesTheOperatorAndKeepsTheCrdAndTheLoadTests() {
        KubernetesClient client = cluster.client();
        Helm.uninstall(RELEASE).withNamespace(SYSTEM).withKubeConfig(cluster.kubeconfig()).call();
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(client.apps().deployments().inNamespace(SYSTEM).list().getItems()).isEmpty();
            assertThat(client.pods().inNamespace(SYSTEM).list().getItems()).isEmpty();
        });
        assertThat(client.rbac().clusterRoles().withName(RELEASE).get()).isNull();
        assertThat(client.rbac().clusterRoleBindings().withName(RELEASE).get()).isNull();
        assertThat(client.serviceAccounts().inNamespace(SYSTEM).withName(RELEASE).get()).isNull();
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName("loadtests.loadtest.dev").get())
                .as("Helm never deletes a chart's CRDs").isNotNull();
        assertThat(client.resources(LoadTest.class).inNamespace("default").withName("chart-run").get())
                .as("so the LoadTests stay").isNotNull();
    }

    @Test
    @Order(4)
    void aNamespacedInstallServesItsNamespacesAndLeavesOthersUntouched() {
        KubernetesClient client = cluster.client();
        for (String ns : List.of("team-a", "team-b")) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        // the LoadTest outside the served namespaces exists before the operator starts, and after it ran
        LoadTest outsider = LoadTestE2E.loadTest("outsider", 1, 2, "5s", target.baseUrl());
        outsider.getMetadata().setNamespace("team-b");
        outsider = client.resource(outsider).create();

        Chart.helm().install().withName("team-a-loadtests").withNamespace("team-a-ops").createNamespace()
                .withKubeConfig(cluster.kubeconfig()).withValuesFile(Chart.valuesFile(values(Map.of(
                        "watch", Map.of("mode", "namespaces", "namespaces", List.of("team-a")))))).call();
        awaitRunningOperator(client, "team-a-ops", null);

        target.reset();
        LoadTest served = runLoadTest(client, "team-a", "insider", 1, 2, "5s");
        assertThat(served.getStatus().getPhase()).as(String.valueOf(served.getStatus().getConditions())).isEqualTo("Succeeded");
        assertThat(served.getStatus().getSummary().getAggregated().getRequests()).isPositive().isEqualTo(target.served());

        LoadTest untouched = client.resources(LoadTest.class).inNamespace("team-b").withName("outsider").get();
        assertThat(untouched.getStatus()).as("no status written outside the served namespaces").isNull();
        assertThat(untouched.getMetadata().getResourceVersion()).isEqualTo(outsider.getMetadata().getResourceVersion());
        assertThat(client.batch().v1().jobs().inNamespace("team-b").list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace("team-b").withLabel("app.kubernetes.io/managed-by", "loadtest-operator")
                .list().getItems()).isEmpty();
        assertThat(client.v1().events().inNamespace("team-b").list().getItems())
                .noneMatch(e -> "outsider".equals(e.getInvolvedObject().getName()));

        Helm.uninstall("team-a-loadtests").withNamespace("team-a-ops").withKubeConfig(cluster.kubeconfig()).call();
    }

    /** Creates a LoadTest against the counting target and waits until its run finished. */
    static LoadTest runLoadTest(KubernetesClient client, String namespace, String name, int runners, int users, String runTime) {
        LoadTest lt = LoadTestE2E.loadTest(name, runners, users, runTime, target.baseUrl());
        lt.getMetadata().setNamespace(namespace);
        client.resource(lt).create();
        Resource<LoadTest> created = client.resources(LoadTest.class).inNamespace(namespace).withName(name);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> "Succeeded".equals(phase(created.get())) || "Failed".equals(phase(created.get())));
        return created.get();
    }

    /** The operator pod that runs, other than {@code not} (the one an upgrade replaces). */
    static Pod awaitRunningOperator(KubernetesClient client, String namespace, String not) {
        return await().atMost(Duration.ofMinutes(1)).until(() -> client.pods().inNamespace(namespace)
                .withLabel("app.kubernetes.io/component", "operator").list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase()) && p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> !p.getMetadata().getName().equals(not)).findFirst().orElse(null), p -> p != null);
    }
}
