package dev.loadtest.operator.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The labels handed to the documented relabelling in place of Kubernetes pod discovery, and the config itself. */
class PodDiscoveryTest {

    private static Pod runnerPod(String ip) {
        return new PodBuilder().withNewMetadata().withName("shop-k3x9qa-abcde").withNamespace("team-a")
                .withUid("u-1").addToLabels("app.kubernetes.io/component", "runner")
                .addToLabels("app.kubernetes.io/managed-by", "loadtest-operator")
                .addToAnnotations("prometheus.io/port", "8089").addNewOwnerReference().withKind("Job")
                .withName("shop-k3x9qa").withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("runner").withImage("runner:1")
                .addNewPort().withName("http").withContainerPort(8089).endPort().endContainer()
                .addNewContainer().withName("sidecar").withImage("side:1").endContainer().endSpec()
                .withNewStatus().withPodIP(ip).withHostIP("10.0.0.1").withPhase("Running").endStatus().build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTargetPerPortAndAPortFreeOnePerContainerWithoutPortsLabelledAsPodDiscoveryLabelsThem() {
        List<Map<String, Object>> groups = PodDiscovery.targetGroups(List.of(runnerPod("10.1.2.3"), runnerPod(null)));
        assertThat(groups).as("the pod without an IP is left out").hasSize(2);
        assertThat(groups.get(0).get("targets")).isEqualTo(List.of("10.1.2.3:8089"));
        assertThat(groups.get(1).get("targets")).isEqualTo(List.of("10.1.2.3"));
        Map<String, String> labels = (Map<String, String>) groups.get(0).get("labels");
        assertThat(labels).containsEntry("__meta_kubernetes_namespace", "team-a")
                .containsEntry("__meta_kubernetes_pod_name", "shop-k3x9qa-abcde")
                .containsEntry("__meta_kubernetes_pod_ip", "10.1.2.3")
                .containsEntry("__meta_kubernetes_pod_label_app_kubernetes_io_component", "runner")
                .containsEntry("__meta_kubernetes_pod_labelpresent_app_kubernetes_io_component", "true")
                .containsEntry("__meta_kubernetes_pod_annotation_prometheus_io_port", "8089")
                .containsEntry("__meta_kubernetes_pod_container_name", "runner")
                .containsEntry("__meta_kubernetes_pod_container_port_name", "http")
                .containsEntry("__meta_kubernetes_pod_container_port_number", "8089")
                .containsEntry("__meta_kubernetes_pod_container_port_protocol", "TCP")
                .containsEntry("__meta_kubernetes_pod_controller_kind", "Job")
                .containsEntry("__meta_kubernetes_pod_node_name", "node-1")
                .containsEntry("__meta_kubernetes_pod_ready", "false");
        assertThat(((Map<String, String>) groups.get(1).get("labels")))
                .containsEntry("__meta_kubernetes_pod_container_name", "sidecar")
                .doesNotContainKey("__meta_kubernetes_pod_container_port_number");
    }

    @Test
    void theDocumentedConfigChangesOnlyInItsDiscoveryAndInterval() throws Exception {
        String doc = Files.readString(LoadTestE2E.ROOT.resolve("docs/install.md"));
        String config = PodDiscovery.documentedConfig(doc, Path.of("/tmp/pods.json"));
        assertThat(config).contains("job_name: loadtest-runners", "job_name: loadtest-operator")
                .doesNotContain("kubernetes_sd_configs", "scrape_interval: 5s")
                .contains("regex: loadtest-operator;runner", "regex: loadtest-operator;operator",
                        "target_label: __address__", "honor_labels: true");
        assertThat(config.split("files: \\['/tmp/pods.json']", -1)).hasSize(3);
    }
}
