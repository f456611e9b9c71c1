package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a container's environment the way the kubelet does: {@code envFrom} first, then {@code env}
 * (which wins), with {@code $(VAR)} references to variables defined before expanded and {@code $$} as escape.
 */
public final class ContainerEnvironment {
    private static final Pattern FIELD_WITH_KEY = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

    private final ObjectSource objects;

    public ContainerEnvironment(ObjectSource objects) {
        this.objects = objects;
    }

    /**
     * @param base what the kubelet sets before the container's own variables (POD_ROOT, POD_IP, credentials...)
     * @throws PodConfigException if a non-optional reference cannot be resolved yet
     */
    public Map<String, String> resolve(Pod pod, Container container, String podIp, Map<String, String> base) {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>(base);
        for (EnvFromSource from : nullToEmpty(container.getEnvFrom())) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                Optional<ConfigMap> cm = objects.configMap(namespace, name);
                if (cm.isEmpty() && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                    throw new PodConfigException("configmap \"" + name + "\" not found (envFrom of container " + container.getName() + ")");
                }
                cm.ifPresent(c -> KeyValues.of(c).forEach((k, v) -> env.put(prefix + k, KeyValues.text(v))));
            }
            if (from.getSecretRef() != null) {
                String name = from.getSecretRef().getName();
                Optional<Secret> secret = objects.secret(namespace, name);
                if (secret.isEmpty() && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                    throw new PodConfigException("secret \"" + name + "\" not found (envFrom of container " + container.getName() + ")");
                }
                secret.ifPresent(s -> KeyValues.of(s).forEach((k, v) -> env.put(prefix + k, KeyValues.text(v))));
            }
        }
        for (EnvVar var : nullToEmpty(container.getEnv())) {
            if (var.getValueFrom() != null) {
                valueFrom(pod, container, podIp, var).ifPresent(v -> env.put(var.getName(), v));
            } else {
                env.put(var.getName(), expand(var.getValue() == null ? "" : var.getValue(), env));
            }
        }
        return env;
    }

    private Optional<String> valueFrom(Pod pod, Container container, String podIp, EnvVar var) {
        EnvVarSource source = var.getValueFrom();
        String namespace = pod.getMetadata().getNamespace();
        if (source.getFieldRef() != null) {
            return Optional.of(field(pod, podIp, source.getFieldRef().getFieldPath()));
        }
        if (source.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = source.getConfigMapKeyRef();
            Optional<byte[]> value = objects.configMap(namespace, ref.getName()).map(KeyValues::of).map(m -> m.get(ref.getKey()));
            if (value.isEmpty() && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new PodConfigException("key \"" + ref.getKey() + "\" of configmap \"" + ref.getName()
                        + "\" not found (env " + var.getName() + " of container " + container.getName() + ")");
            }
            return value.map(KeyValues::text);
        }
        if (source.getSecretKeyRef() != null) {
            SecretKeySelector ref = source.getSecretKeyRef();
            Optional<byte[]> value = objects.secret(namespace, ref.getName()).map(KeyValues::of).map(m -> m.get(ref.getKey()));
            if (value.isEmpty() && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new PodConfigException("key \"" + ref.getKey() + "\" of secret \"" + ref.getName()
                        + "\" not found (env " + var.getName() + " of container " + container.getName() + ")");
            }
            return value.map(KeyValues::text);
        }
        if (source.getResourceFieldRef() != null) {
            String resource = source.getResourceFieldRef().getResource();
            Map<String, Quantity> values = resource.startsWith("limits.")
                    ? container.getResources() == null ? null : container.getResources().getLimits()
                    : container.getResources() == null ? null : container.getResources().getRequests();
            Quantity q = values == null ? null : values.get(resource.substring(resource.indexOf('.') + 1));
            if (q == null) {
                throw new PodConfigException("env " + var.getName() + ": resourceFieldRef " + resource
                        + " needs an explicit request/limit under the process kubelet (it has no node capacity to fall back on)");
            }
            return Optional.of(q.toString());
        }
        throw new PodConfigException("env " + var.getName() + " of container " + container.getName() + " has an empty valueFrom");
    }

    static String field(Pod pod, String podIp, String path) {
        var meta = pod.getMetadata();
        switch (path) {
            case "metadata.name":
                return meta.getName();
            case "metadata.namespace":
                return meta.getNamespace();
            case "metadata.uid":
                return meta.getUid();
            case "spec.nodeName":
                return pod.getSpec().getNodeName();
            case "spec.serviceAccountName":
                return pod.getSpec().getServiceAccountName();
            case "status.podIP":
            case "status.podIPs":
                return podIp;
            case "status.hostIP":
                return "127.0.0.1";
            default:
                Matcher m = FIELD_WITH_KEY.matcher(path);
                if (m.matches()) {
                    Map<String, String> map = m.group(1).equals("labels") ? meta.getLabels() : meta.getAnnotations();
                    return map == null ? "" : map.getOrDefault(m.group(2), "");
                }
                throw new PodConfigException("fieldRef " + path + " is not supported by the process kubelet");
        }
    }

    /** Kubernetes' $(VAR) expansion: unknown references stay as they are, $$ is a literal $. */
    public static String expand(String text, Map<String, String> env) {
        if (text == null || !text.contains("$")) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                if (next == '$') {
                    out.append('$');
                    i++;
                    continue;
                }
                if (next == '(') {
                    int close = text.indexOf(')', i + 2);
                    if (close > 0) {
                        String name = text.substring(i + 2, close);
                        if (env.containsKey(name)) {
                            out.append(env.get(name));
                        } else {
                            out.append(text, i, close + 1);
                        }
                        i = close;
                        continue;
                    }
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    public static List<String> expand(List<String> texts, Map<String, String> env) {
        return texts == null ? null : texts.stream().map(t -> expand(t, env)).toList();
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
