package dev.loadtest.operator.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Prometheus' Kubernetes pod discovery ({@code kubernetes_sd_configs: [{role: pod}]}) would hand to the
 * relabelling, as {@code file_sd_configs} target groups. Debian's Prometheus 2.42 is built without Kubernetes
 * discovery, so a test lists the pods through the API server and writes these groups to a file instead; the
 * documented relabelling then runs on them unchanged.
 *
 * <p>As Prometheus' pod role does: one target per declared container port ({@code podIP:port}), a port-free
 * target ({@code podIP}) for a container without ports, pods without an IP yet left out, and label and annotation
 * names with every character outside {@code [a-zA-Z0-9_]} turned into {@code _}.
 */
final class PodDiscovery {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PodDiscovery() {
    }

    /** One target group per target: {@code {"targets": [address], "labels": {__meta_kubernetes_...}}}. */
    static List<Map<String, Object>> targetGroups(List<Pod> pods) {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Pod pod : pods) {
            String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
            if (ip == null || ip.isEmpty()) {
                continue;
            }
            Map<String, String> podLabels = podLabels(pod, ip);
            for (Container c : pod.getSpec().getContainers()) {
                List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
                if (ports.isEmpty()) {
                    Map<String, String> labels = new LinkedHashMap<>(podLabels);
                    containerLabels(labels, c);
                    groups.add(Map.of("targets", List.of(ip), "labels", labels));
                }
                for (ContainerPort port : ports) {
                    Map<String, String> labels = new LinkedHashMap<>(podLabels);
                    containerLabels(labels, c);
                    put(labels, "__meta_kubernetes_pod_container_port_name", port.getName());
                    labels.put("__meta_kubernetes_pod_container_port_number", String.valueOf(port.getContainerPort()));
                    labels.put("__meta_kubernetes_pod_container_port_protocol",
                            port.getProtocol() == null ? "TCP" : port.getProtocol());
                    groups.add(Map.of("targets", List.of(ip + ":" + port.getContainerPort()), "labels", labels));
                }
            }
        }
        return groups;
    }

    /**
     * The doc's scrape configuration with its one change for Debian's Prometheus: pod discovery through the file
     * this test writes. Fails if the doc no longer has the block or the discovery lines this test replaces.
     */
    static String documentedConfig(String installDoc, Path targets) {
        int section = installDoc.indexOf("With a plain Prometheus");
        assertThat(section).as("docs/install.md has the plain Prometheus section").isNotNegative();
        int start = installDoc.indexOf("```yaml\n", section) + "```yaml\n".length();
        String block = installDoc.substring(start, installDoc.indexOf("```", start));
        String sd = "    kubernetes_sd_configs:\n      - role: pod\n";
        assertThat(block.split(Pattern.quote(sd), -1)).as("both jobs use pod discovery").hasSize(3);
        assertThat(block.split("scrape_interval: 5s", -1)).hasSize(3);
        return "global:\n  scrape_timeout: 1s\n" + block
                .replace(sd, "    file_sd_configs:\n      - files: ['" + targets + "']\n        refresh_interval: 1s\n")
                .replace("scrape_interval: 5s", "scrape_interval: 1s");
    }

    /** Writes the groups where {@code file_sd_configs} reads them, atomically (Prometheus may read at any time). */
    static void write(Path file, List<Pod> pods) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), targetGroups(pods));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> podLabels(Pod pod, String ip) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("__meta_kubernetes_namespace", pod.getMetadata().getNamespace());
        labels.put("__meta_kubernetes_pod_name", pod.getMetadata().getName());
        labels.put("__meta_kubernetes_pod_ip", ip);
        put(labels, "__meta_kubernetes_pod_uid", pod.getMetadata().getUid());
        put(labels, "__meta_kubernetes_pod_node_name", pod.getSpec().getNodeName());
        put(labels, "__meta_kubernetes_pod_host_ip", pod.getStatus().getHostIP());
        put(labels, "__meta_kubernetes_pod_phase", pod.getStatus().getPhase());
        labels.put("__meta_kubernetes_pod_ready", String.valueOf(pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))));
        for (OwnerReference owner : pod.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(owner.getController())) {
                labels.put("__meta_kubernetes_pod_controller_kind", owner.getKind());
                labels.put("__meta_kubernetes_pod_controller_name", owner.getName());
            }
        }
        metadataMap(labels, "label", pod.getMetadata().getLabels());
        metadataMap(labels, "annotation", pod.getMetadata().getAnnotations());
        return labels;
    }

    private static void metadataMap(Map<String, String> labels, String kind, Map<String, String> values) {
        if (values == null) {
            return;
        }
        values.forEach((k, v) -> {
            String name = sanitize(k);
            labels.put("__meta_kubernetes_pod_" + kind + "_" + name, v);
            labels.put("__meta_kubernetes_pod_" + kind + "present_" + name, "true");
        });
    }

    private static void containerLabels(Map<String, String> labels, Container c) {
        labels.put("__meta_kubernetes_pod_container_name", c.getName());
        put(labels, "__meta_kubernetes_pod_container_image", c.getImage());
        labels.put("__meta_kubernetes_pod_container_init", "false");
    }

    private static void put(Map<String, String> labels, String name, String value) {
        if (value != null) {
            labels.put(name, value);
        }
    }

    /** Prometheus' strutil.SanitizeLabelName. */
    static String sanitize(String name) {
        return name.replaceAll("[^a-zA-Z0-9_]", "_");
    }
}
