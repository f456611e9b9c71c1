package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;

import java.util.Optional;

/** Where the kubelet reads the ConfigMaps and Secrets that pods reference (the API server; a map in unit tests). */
public interface ObjectSource {
    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);

    /** A bound token for a projected {@code serviceAccountToken} volume (Kubernetes 1.21+ mounts those). */
    default String serviceAccountToken(String namespace, String serviceAccount, String audience, Long expirationSeconds) {
        throw new PodConfigException("serviceAccountToken volumes are not supported here");
    }
}
