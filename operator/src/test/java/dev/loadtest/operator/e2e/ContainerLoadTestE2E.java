package dev.loadtest.operator.e2e;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.testcluster.ImageCommand;
import dev.loadtest.testcluster.KubeClusterExtension;
import dev.loadtest.testcluster.ProjectImages;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.loadtest.operator.e2e.LoadTestE2E.NS;
import static dev.loadtest.operator.e2e.LoadTestE2E.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CONTAINER MODE: the runner pods run the real runner image (built from runner-image/Dockerfile on the locally
 * made base) as containers of the local Docker engine, with the pod settings the operator gives them: the
 * restricted profile (uid 10001, read-only root, no capabilities, no privilege escalation) and the emptyDir at
 * /tmp. The operator runs as its packaged jar with its DEFAULT runner image, so the run also proves that the
 * operator names the image of its own version. The load goes to {@link CountingTarget}. The docs' sample shop
 * (docs/examples/cluster/shop-target.yaml) runs here too, as a Deployment of the runner image.
 */
class ContainerLoadTestE2E {

    @RegisterExtension
    @Order(1)
    static KubeClusterExtension cluster = KubeClusterExtension.builder()
            .crds(ROOT.resolve("crds"))
            .image(ProjectImages.RUNNER_REPOSITORY, ImageCommand.docker())
            .build();

    @RegisterExtension
    @Order(2)
    static RestartableOperator<CountingTarget> operator = RestartableOperator.on(cluster).log("operator-containers").runnerImage(null).build();

    @BeforeAll
    static void buildRunnerImage() throws IOException {
        ProjectImages.buildRunner();
    }

    @Test
    void hardenedRunnerContainersRunALoadTestAndLabelTheirMetricsWithIt() throws Exception {
        KubernetesClient client = cluster.client();
        LoadTest lt = LoadTestE2E.loadTest("in-containers", 2, 6, "12s", operator.target().baseUrl());
        // the operator leads (its Lease exists) before the clock starts: the figure is the run's, not the operator's start
        await("the operator to lead").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.leases().inNamespace(NS).withName("loadtest-operator-lease").get() != null);
        long applied = System.nanoTime();
        client.resource(lt).create();
        Thread.ofVirtual().start(() -> {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> operator.target().served() > 0);
            System.out.printf("[e2e] apply -> first request from a runner container: %d ms%n",
                    Duration.ofNanos(System.nanoTime() - applied).toMillis());
        });
        // where that time goes (bench/startup.sh prints it): when each step was first seen, polled every 50 ms
        Map<String, Long> seen = new ConcurrentHashMap<>();
        Thread.ofVirtual().start(() -> await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
            long now = Duration.ofNanos(System.nanoTime() - applied).toMillis();
            if (!client.batch().v1().jobs().inNamespace(NS).withLabel("app.kubernetes.io/instance", "in-containers").list()
                    .getItems().isEmpty()) {
                seen.putIfAbsent("job created", now);
            }
            List<Pod> pods = client.pods().inNamespace(NS).withLabel("app.kubernetes.io/instance", "in-containers").list().getItems();
            if (pods.size() == 2) {
                seen.putIfAbsent("both pods created", now);
                if (pods.stream().allMatch(p -> p.getStatus().getContainerStatuses() != null && p.getStatus().getContainerStatuses()
                        .stream().anyMatch(c -> c.getState() != null && c.getState().getRunning() != null))) {
                    seen.putIfAbsent("both containers running", now);
                }
                if (pods.stream().allMatch(p -> p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))) {
                    seen.putIfAbsent("both pods Ready", now);
                }
            }
            if (operator.target().served() > 0) {
                seen.putIfAbsent("first request", now);
                seen.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e ->
                        System.out.printf("[e2e] phase: %s at %d ms after apply%n", e.getKey(), e.getValue()));
                return true;
            }
            return false;
        }));

        // while it runs: each runner's own /metrics, scraped as Prometheus would, names the LoadTest
        Map<String, String> metricsByPod = new ConcurrentHashMap<>();
        Map<String, Pod> runnerPods = new ConcurrentHashMap<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        await("both runners to serve metrics").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (Pod p : client.pods().inNamespace(NS).withLabel("app.kubernetes.io/instance", "in-containers").list().getItems()) {
                if (p.getStatus().getPodIP() == null || !"Running".equals(p.getStatus().getPhase())) {
                    continue;
                }
                runnerPods.put(p.getMetadata().getName(), p);
                try {
                    String body = http.send(HttpRequest.newBuilder(URI.create("http://" + p.getStatus().getPodIP() + ":8089/metrics"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    if (body.contains("loadtest_users")) {
                        metricsByPod.put(p.getMetadata().getName(), body);
                    }
                } catch (IOException e) {
                    // not listening yet
                }
            }
            return metricsByPod.size() == 2;
        });
        System.out.printf("[e2e] apply -> both runner containers serving metrics: %d ms%n",
                Duration.ofNanos(System.nanoTime() - applied).toMillis());

        for (Pod p : runnerPods.values()) {
            var status = p.getStatus().getContainerStatuses().getFirst();
            assertThat(status.getContainerID()).as("a real container").startsWith("docker://");
            assertThat(p.getSpec().getContainers().getFirst().getImage()).as("the operator's default: its own version")
                    .isEqualTo(ProjectImages.runner());
            assertThat(p.getSpec().getContainers().getFirst().getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(p.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        }
        for (String body : metricsByPod.values()) {
            assertThat(body).contains("namespace=\"" + NS + "\"").contains("loadtest=\"in-containers\"")
                    .doesNotContain("loadtest=\"local\"");
        }

        LoadTest done = LoadTestE2E.awaitFinished(client, "in-containers", Duration.ofMinutes(2));
        assertThat(done.getStatus().getPhase()).as(String.valueOf(done.getStatus().getConditions())).isEqualTo("Succeeded");
        long requests = done.getStatus().getSummary().getAggregated().getRequests();
        assertThat(requests).as("requests in status = requests the target served").isPositive().isEqualTo(operator.target().served());
        List<String> runnerNames = List.copyOf(runnerPods.keySet());
        assertThat(runnerNames).hasSize(2);
    }

    @Test
    void theDocsSampleShopRunsAsADeploymentBehindItsService() throws Exception {
        KubernetesClient client = cluster.client();
        Path example = ROOT.resolve("docs/examples/cluster/shop-target.yaml");
        List<HasMetadata> objects;
        try (InputStream in = Files.newInputStream(example)) {
            objects = client.load(in).items();
        }
        Deployment deployment = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .as("the example names the image of the project's version").isEqualTo(ProjectImages.runner());
        objects.forEach(o -> client.resource(o).inNamespace(NS).create());

        await("the shop Deployment to be available").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Deployment d = client.apps().deployments().inNamespace(NS).withName("shop").get();
                    return d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas());
                });
        Pod pod = client.pods().inNamespace(NS).withLabel("app.kubernetes.io/name", "shop").list().getItems().getFirst();
        assertThat(pod.getStatus().getContainerStatuses().getFirst().getContainerID()).startsWith("docker://");
        String podIp = pod.getStatus().getPodIP();
        // The Service routes to it: its selector picks the pod, its named target port is the container's. (The
        // Endpoints object itself stays empty here: API validation refuses the loopback pod IPs of the test kubelet.)
        Service service = client.services().inNamespace(NS).withName("shop").get();
        assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(client.pods().inNamespace(NS).withLabels(service.getSpec().getSelector()).list().getItems()).hasSize(1);
        String targetPort = service.getSpec().getPorts().getFirst().getTargetPort().getStrVal();
        assertThat(pod.getSpec().getContainers().getFirst().getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(targetPort);
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });
        HttpResponse<String> products = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + podIp + ":8080/api/products")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(products.statusCode()).isEqualTo(200);
        assertThat(products.body()).startsWith("[");
    }
}
