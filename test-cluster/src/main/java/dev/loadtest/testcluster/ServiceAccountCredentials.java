package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives a pod's processes its ServiceAccount's identity, so that RBAC applies to them for real: the token,
 * the cluster CA and the namespace under {@code $POD_ROOT/var/run/secrets/kubernetes.io/serviceaccount/}
 * (normally already there: v1.20's ServiceAccount admission plugin adds the token Secret as a volume), plus
 * Fabric8's configuration env vars and a kubeconfig for kubectl and other clients.
 */
final class ServiceAccountCredentials {
    static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final String TOKEN_TYPE = "kubernetes.io/service-account-token";

    private ServiceAccountCredentials() {
    }

    /** The env vars that point clients at the API server as the pod's ServiceAccount; empty if it has none. */
    static Map<String, String> prepare(KubernetesClient client, Pod pod, Path podDir, Path root, String apiServerUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        String namespace = pod.getMetadata().getNamespace();
        String account = pod.getSpec().getServiceAccountName() != null ? pod.getSpec().getServiceAccountName()
                : pod.getSpec().getServiceAccount();
        if (account == null || Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken())) {
            return env;
        }
        Path dir = PodVolumes.under(root, MOUNT_PATH);
        if (!Files.exists(dir.resolve("token"))) {
            if (pod.getSpec().getAutomountServiceAccountToken() == null && !automountedByAccount(client, namespace, account)) {
                return env;
            }
            writeFromTokenSecret(client, namespace, account, podDir.resolve("volumes").resolve("process-kubelet-sa"), dir);
        }
        try {
            String token = Files.readString(dir.resolve("token")).trim();
            Path kubeconfig = PodVolumes.under(root, "/var/run/secrets/kubernetes.io/kubeconfig");
            Kubeconfig.withToken(kubeconfig, apiServerUrl, dir.resolve("ca.crt"), account, token, namespace);
            env.put("KUBERNETES_MASTER", apiServerUrl);
            env.put("KUBERNETES_AUTH_TOKEN", token);
            env.put("KUBERNETES_CA_CERTIFICATE_FILE", dir.resolve("ca.crt").toString());
            env.put("KUBERNETES_NAMESPACE", namespace);
            env.put("KUBECONFIG", kubeconfig.toString());
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service account token in " + dir, e);
        }
    }

    private static boolean automountedByAccount(KubernetesClient client, String namespace, String account) {
        ServiceAccount sa = client.serviceAccounts().inNamespace(namespace).withName(account).get();
        if (sa == null) {
            throw new PodConfigException("serviceaccount \"" + account + "\" not found");
        }
        return !Boolean.FALSE.equals(sa.getAutomountServiceAccountToken());
    }

    private static void writeFromTokenSecret(KubernetesClient client, String namespace, String account, Path volume, Path mountAt) {
        Secret secret = client.secrets().inNamespace(namespace).list().getItems().stream()
                .filter(s -> TOKEN_TYPE.equals(s.getType()))
                .filter(s -> s.getMetadata().getAnnotations() != null
                        && account.equals(s.getMetadata().getAnnotations().get("kubernetes.io/service-account.name")))
                .filter(s -> s.getData() != null && s.getData().containsKey("token"))
                .findFirst()
                .orElseThrow(() -> new PodConfigException("no token Secret for serviceaccount \"" + account
                        + "\" yet (the controller manager's serviceaccount-token controller makes it)"));
        try {
            Files.createDirectories(volume);
            for (var e : KeyValues.of(secret).entrySet()) {
                Files.write(volume.resolve(e.getKey()), e.getValue());
            }
            Files.createDirectories(mountAt.getParent());
            if (!Files.exists(mountAt)) {
                Files.createSymbolicLink(mountAt, volume);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the service account token to " + volume, e);
        }
    }
}
