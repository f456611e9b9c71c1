package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The API server can be restarted on its own (a fault the operator's tests inject): a new process on the same port,
 * the objects kept in etcd, the old PID gone, clients served again; and its audit log records every request.
 */
class ApiServerRestartIT {

    @RegisterExtension
    static KubeClusterExtension cluster = KubeClusterExtension.builder().withKubelet(false).crds(null).auditLog(true).build();

    @Test
    void aRestartedApiServerKeepsItsObjectsAndServesTheSameClientsAgain() throws Exception {
        KubernetesClient client = cluster.client();
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("kept")
                .endMetadata().withData(Map.of("k", "v")).build()).create();
        long before = cluster.cluster().apiServerPid();

        Thread.startVirtualThread(() -> {
            try {
                cluster.cluster().restartApiServer(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(before).isEmpty());
        int port = java.net.URI.create(cluster.cluster().apiServerUrl()).getPort();
        assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close())
                .as("nobody listens while it is down").isInstanceOf(java.net.ConnectException.class);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> client.configMaps().inNamespace("default").withName("kept").get() != null);
        assertThat(cluster.cluster().apiServerPid()).isNotEqualTo(before);
        assertThat(client.configMaps().inNamespace("default").withName("kept").get().getData()).containsEntry("k", "v");
        assertThat(Files.readString(cluster.cluster().auditLog())).contains("\"resource\":\"configmaps\"", "\"name\":\"kept\"");
    }
}
