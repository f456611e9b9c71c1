package dev.loadtest.operator.runner;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the operator needs to know of one runner pod, read from its status.
 *
 * @param name               the pod's name (the runner's id)
 * @param ip                 status.podIP (null until assigned)
 * @param ready              the Ready condition is True (the runner's /readyz answered: loadfile compiled)
 * @param failed             the pod failed or its runner container exited non-zero
 * @param exited             the runner container terminated (for any reason)
 * @param terminationMessage what the runner wrote as its termination message (null if none)
 * @param exitCode           the runner container's exit code once terminated (null before)
 */
public record RunnerPod(String name, String ip, boolean ready, boolean failed, boolean exited,
                        String terminationMessage, Integer exitCode) {

    /** {@code File.java:LINE: message}: how the runner reports a loadfile that does not compile. */
    private static final Pattern COMPILE_ERROR = Pattern.compile("(?s)^\\s*[\\w$./-]+\\.java:\\d+:.*");

    public static RunnerPod of(Pod pod) {
        var status = pod.getStatus();
        String phase = status == null ? null : status.getPhase();
        boolean ready = status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        ContainerStateTerminated terminated = status == null || status.getContainerStatuses() == null ? null
                : status.getContainerStatuses().stream()
                .map(ContainerStatus::getState)
                .filter(s -> s != null && s.getTerminated() != null)
                .map(s -> s.getTerminated())
                .findFirst().orElse(null);
        boolean failed = "Failed".equals(phase)
                || (terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0);
        String message = terminated == null ? null : terminated.getMessage();
        return new RunnerPod(pod.getMetadata().getName(), status == null ? null : status.getPodIP(), ready && !failed,
                failed, terminated != null || "Succeeded".equals(phase) || "Failed".equals(phase),
                message == null || message.isBlank() ? null : message.strip(),
                terminated == null ? null : terminated.getExitCode());
    }

    /** Runner pods by name: the order users are dispatched in, the same after an operator restart. */
    public static List<RunnerPod> of(List<Pod> pods) {
        return pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).map(RunnerPod::of)
                .sorted(Comparator.comparing(RunnerPod::name)).toList();
    }

    /** Whether the runner died because the loadfile did not compile (its message names file and line). */
    public boolean loadfileInvalid() {
        return failed && terminationMessage != null && COMPILE_ERROR.matcher(terminationMessage).matches();
    }

    public String baseUrl(int port) {
        return "http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }
}
