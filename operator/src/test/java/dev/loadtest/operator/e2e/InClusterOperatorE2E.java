package dev.loadtest.operator.e2e;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.testcluster.ImageCommand;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static dev.loadtest.operator.e2e.LoadTestE2E.NS;
import static dev.loadtest.operator.e2e.LoadTestE2E.OPERATOR_JAR;
import static dev.loadtest.operator.e2e.LoadTestE2E.ROOT;
import static dev.loadtest.operator.e2e.LoadTestE2E.RUNNER_IMAGE;
import static dev.loadtest.operator.e2e.LoadTestE2E.RUNNER_JAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator installed as the build generates it (ServiceAccount, ClusterRoles, bindings, Deployment from
 * operator/target/kubernetes/kubernetes.yml) and running as a pod under its ServiceAccount, so that RBAC is
 * enforced: a LoadTest completes only if the generated rules grant everything the operator does.
 */
class InClusterOperatorE2E {

    static final Path MANIFEST = ROOT.resolve("operator/target/kubernetes/kubernetes.yml");
    static final String OPERATOR_IMAGE = "ghcr.io/loadtest/loadtest-operator";
    static final Set<String> INSTALLED = Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
            "Deployment");

    @RegisterExtension
    static KubeClusterExtension cluster = KubeClusterExtension.builder()
            .crds(ROOT.resolve("crds"))
            .image(RUNNER_IMAGE, ImageCommand.javaJar(RUNNER_JAR))
            .image(OPERATOR_IMAGE, ImageCommand.javaJar(OPERATOR_JAR))
            .build();

    static CountingTarget target;

    @BeforeAll
    static void install() throws IOException {
        assertThat(MANIFEST).as("written by the Quarkus build at package").exists();
        target = new CountingTarget();
        KubernetesClient client = cluster.client();
        client.resource(new NamespaceBuilder().withNewMetadata().withName("loadtest-system").endMetadata().build())
                .create();
        List<HasMetadata> objects;
        try (InputStream in = Files.newInputStream(MANIFEST)) {
            objects = client.load(in).items();
        }
        for (HasMetadata o : objects) {
            if (!INSTALLED.contains(o.getKind())) {
                continue; // the Service
            }
            if (o instanceof Deployment d) {
                var container = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
                // the only changes to the generated Deployment: its HTTP server on the pod's own address (pods
                // share the host's loopback here), the runner image the test kubelet maps, a small heap
                assertThat(container.getEnv()).as("reachable by Prometheus and probes on the pod's IP")
                        .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("QUARKUS_HTTP_HOST=0.0.0.0"));
                container.getEnv().removeIf(e -> "QUARKUS_HTTP_HOST".equals(e.getName()));
                container.getEnv().add(new EnvVarBuilder().withName("QUARKUS_HTTP_HOST").withNewValueFrom()
                        .withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
                container.getEnv().add(new EnvVarBuilder().withName("LOADTEST_RUNNER_IMAGE")
                        .withValue(RUNNER_IMAGE + ":e2e").build());
                container.getEnv().add(new EnvVarBuilder().withName("JAVA_TOOL_OPTIONS").withValue("-Xmx384m").build());
            }
            client.resource(o).serverSideApply();
        }
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void theInstalledOperatorRunsALoadTestWithOnlyItsGeneratedRbac() {
        KubernetesClient client = cluster.client();
        await().atMost(Duration.ofMinutes(1)).until(() -> client.pods().inNamespace("loadtest-system").list().getItems()
                .stream().anyMatch(p -> "Running".equals(p.getStatus().getPhase())));
        client.resource(LoadTestE2E.loadTest("incluster", 2, 4, "8s", target.baseUrl())).create();

        LoadTest done = LoadTestE2E.awaitFinished(client, "incluster", Duration.ofMinutes(2));
        assertThat(done.getStatus().getPhase()).as(String.valueOf(done.getStatus().getConditions())).isEqualTo("Succeeded");
        assertThat(done.getStatus().getSummary().getAggregated().getRequests()).isEqualTo(target.served());
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).extracting(e -> e.getReason())
                .contains("RunCreated", "RunnersStarted", "RunSucceeded");
        assertThat(client.leases().inNamespace("loadtest-system").withName("loadtest-operator-lease").get())
                .as("leader election under the operator's own account").isNotNull();
    }
}
