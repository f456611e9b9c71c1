package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.Map;

/**
 * Writes a pod's whole status through the {@code pods/status} subresource as a JSON merge patch. The
 * kubelet owns the status, so it sends all of it each time: no read-modify-write, hence no lost updates;
 * conflicts (409), throttling and server errors are still retried a few times.
 */
final class PodStatusWriter {
    private static final int ATTEMPTS = 5;
    private final KubernetesClient client;

    PodStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** @return false if the pod is gone */
    boolean write(String namespace, String name, PodStatus status) {
        String patch = Serialization.asJson(Map.of("status", status));
        for (int attempt = 1; ; attempt++) {
            try {
                client.pods().inNamespace(namespace).withName(name).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return false;
                }
                boolean retriable = e.getCode() == 409 || e.getCode() == 429 || e.getCode() >= 500 || e.getCode() == 0;
                if (!retriable || attempt >= ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
