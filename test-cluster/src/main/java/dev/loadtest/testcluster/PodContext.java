package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.Pod;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an {@link ImageCommand} may need about the pod it runs in.
 *
 * @param pod    the Pod as the kubelet last saw it
 * @param podDir the pod's folder ({@code <rundir>/pods/<ns>_<name>_<uid>}), holding its logs
 * @param root   the pod's file system root ({@code podDir/root}); volumes are mounted below it; also {@code $POD_ROOT}
 * @param podIp  the pod's own loopback address, also {@code $POD_IP}
 * @param env    the container's resolved environment
 */
public record PodContext(Pod pod, Path podDir, Path root, String podIp, Map<String, String> env) {
}
