package dev.loadtest.operator.chart;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The Kubernetes Pod Security Standards' "restricted" profile (which includes "baseline"), one check per rule as
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/ writes them out. Each check returns what
 * breaks its rule, empty when the pod complies.
 */
final class RestrictedProfile {

    record Rule(String name, Function<Pod, List<String>> check) {
    }

    /** A pod's spec and annotations (AppArmor is set by annotation before Kubernetes 1.30). */
    record Pod(PodSpec spec, Map<String, String> annotations) {
        List<Container> containers() {
            return Stream.of(spec.getInitContainers(), spec.getContainers()).filter(Objects::nonNull)
                    .flatMap(List::stream).toList();
        }

        PodSecurityContext podContext() {
            return spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
        }

        List<SecurityContext> containerContexts() {
            List<SecurityContext> all = new ArrayList<>();
            for (Container c : containers()) {
                all.add(c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext());
            }
            // ephemeral containers have the same fields; none are rendered, but they count if present
            if (spec.getEphemeralContainers() != null) {
                spec.getEphemeralContainers().forEach(e -> all.add(e.getSecurityContext() == null ? new SecurityContext()
                        : e.getSecurityContext()));
            }
            return all;
        }
    }

    static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
            "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");

    static final List<Rule> RULES = List.of(
            // --- baseline ---
            new Rule("HostProcess", pod -> {
                List<String> bad = new ArrayList<>();
                if (pod.podContext().getWindowsOptions() != null && Boolean.TRUE.equals(pod.podContext().getWindowsOptions().getHostProcess())) {
                    bad.add("spec.securityContext.windowsOptions.hostProcess");
                }
                pod.containerContexts().stream().filter(s -> s.getWindowsOptions() != null
                        && Boolean.TRUE.equals(s.getWindowsOptions().getHostProcess())).forEach(s -> bad.add("container windowsOptions.hostProcess"));
                return bad;
            }),
            new Rule("Host Namespaces", pod -> {
                List<String> bad = new ArrayList<>();
                if (Boolean.TRUE.equals(pod.spec().getHostNetwork())) bad.add("hostNetwork");
                if (Boolean.TRUE.equals(pod.spec().getHostPID())) bad.add("hostPID");
                if (Boolean.TRUE.equals(pod.spec().getHostIPC())) bad.add("hostIPC");
                return bad;
            }),
            new Rule("Privileged Containers", pod -> pod.containerContexts().stream()
                    .filter(s -> Boolean.TRUE.equals(s.getPrivileged())).map(s -> "privileged: true").toList()),
            new Rule("Capabilities (baseline)", pod -> pod.containerContexts().stream()
                    .flatMap(s -> added(s).stream()).filter(c -> !BASELINE_CAPABILITIES.contains(c))
                    .map(c -> "capabilities.add " + c).toList()),
            new Rule("HostPath Volumes", pod -> volumes(pod).stream().filter(v -> v.getHostPath() != null)
                    .map(v -> "hostPath volume " + v.getName()).toList()),
            new Rule("Host Ports", pod -> pod.containers().stream()
                    .flatMap(c -> c.getPorts() == null ? Stream.<ContainerPort>empty() : c.getPorts().stream())
                    .filter(p -> p.getHostPort() != null && p.getHostPort() != 0).map(p -> "hostPort " + p.getHostPort()).toList()),
            new Rule("AppArmor", pod -> {
                List<String> bad = new ArrayList<>();
                if (pod.annotations() != null) {
                    pod.annotations().forEach((k, v) -> {
                        if (k.startsWith("container.apparmor.security.beta.kubernetes.io/")
                                && !v.equals("runtime/default") && !v.startsWith("localhost/")) {
                            bad.add(k + "=" + v);
                        }
                    });
                }
                Stream.concat(Stream.of(pod.podContext().getAppArmorProfile()),
                                pod.containerContexts().stream().map(SecurityContext::getAppArmorProfile))
                        .filter(Objects::nonNull)
                        .filter(p -> !"RuntimeDefault".equals(p.getType()) && !"Localhost".equals(p.getType()))
                        .forEach(p -> bad.add("appArmorProfile.type " + p.getType()));
                return bad;
            }),
            new Rule("SELinux", pod -> Stream.concat(Stream.of(pod.podContext().getSeLinuxOptions()),
                            pod.containerContexts().stream().map(SecurityContext::getSeLinuxOptions))
                    .filter(Objects::nonNull)
                    .filter(o -> !SELINUX_TYPES.contains(o.getType() == null ? "" : o.getType())
                            || notEmpty(o.getUser()) || notEmpty(o.getRole()))
                    .map(SELinuxOptions::toString).toList()),
            new Rule("/proc Mount Type", pod -> pod.containerContexts().stream()
                    .filter(s -> s.getProcMount() != null && !"Default".equals(s.getProcMount()))
                    .map(s -> "procMount " + s.getProcMount()).toList()),
            new Rule("Seccomp (baseline)", pod -> Stream.concat(Stream.of(pod.podContext().getSeccompProfile()),
                            pod.containerContexts().stream().map(SecurityContext::getSeccompProfile))
                    .filter(Objects::nonNull).filter(p -> "Unconfined".equals(p.getType()))
                    .map(p -> "seccompProfile Unconfined").toList()),
            new Rule("Sysctls", pod -> pod.podContext().getSysctls() == null ? List.of() : pod.podContext().getSysctls()
                    .stream().map(Sysctl::getName).filter(n -> !SAFE_SYSCTLS.contains(n)).map(n -> "sysctl " + n).toList()),
            // --- restricted ---
            new Rule("Volume Types", pod -> volumes(pod).stream().filter(v -> !RESTRICTED_VOLUME_TYPES.contains(volumeType(v)))
                    .map(v -> "volume " + v.getName() + " of type " + volumeType(v)).toList()),
            new Rule("Privilege Escalation", pod -> pod.containerContexts().stream()
                    .filter(s -> !Boolean.FALSE.equals(s.getAllowPrivilegeEscalation()))
                    .map(s -> "allowPrivilegeEscalation is " + s.getAllowPrivilegeEscalation() + ", must be false").toList()),
            new Rule("Running as Non-root", pod -> {
                boolean podLevel = Boolean.TRUE.equals(pod.podContext().getRunAsNonRoot());
                List<String> bad = new ArrayList<>();
                for (SecurityContext s : pod.containerContexts()) {
                    if (Boolean.FALSE.equals(s.getRunAsNonRoot()) || (!podLevel && !Boolean.TRUE.equals(s.getRunAsNonRoot()))) {
                        bad.add("runAsNonRoot is not true for a container");
                    }
                }
                return bad;
            }),
            new Rule("Running as Non-root user", pod -> Stream.concat(Stream.of(pod.podContext().getRunAsUser()),
                            pod.containerContexts().stream().map(SecurityContext::getRunAsUser))
                    .filter(u -> u != null && u == 0).map(u -> "runAsUser 0").toList()),
            new Rule("Seccomp (restricted)", pod -> {
                SeccompProfile podProfile = pod.podContext().getSeccompProfile();
                boolean podLevel = podProfile != null && allowedSeccomp(podProfile);
                List<String> bad = new ArrayList<>();
                if (podProfile != null && !podLevel) {
                    bad.add("pod seccompProfile " + podProfile.getType());
                }
                for (SecurityContext s : pod.containerContexts()) {
                    SeccompProfile p = s.getSeccompProfile();
                    if (p == null ? !podLevel : !allowedSeccomp(p)) {
                        bad.add("container seccompProfile " + (p == null ? "unset" : p.getType()));
                    }
                }
                return bad;
            }),
            new Rule("Capabilities (restricted)", pod -> {
                List<String> bad = new ArrayList<>();
                for (SecurityContext s : pod.containerContexts()) {
                    Capabilities caps = s.getCapabilities();
                    if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
                        bad.add("capabilities.drop must contain ALL");
                    }
                    added(s).stream().filter(c -> !c.equals("NET_BIND_SERVICE")).forEach(c -> bad.add("capabilities.add " + c));
                }
                return bad;
            }));

    private RestrictedProfile() {
    }

    /** Every broken rule, by name, with what breaks it. */
    static Map<String, List<String>> violations(Pod pod) {
        Map<String, List<String>> found = new java.util.LinkedHashMap<>();
        for (Rule rule : RULES) {
            List<String> bad = rule.check().apply(pod);
            if (!bad.isEmpty()) {
                found.put(rule.name(), bad);
            }
        }
        return found;
    }

    private static List<Volume> volumes(Pod pod) {
        return pod.spec().getVolumes() == null ? List.of() : pod.spec().getVolumes();
    }

    private static List<String> added(SecurityContext s) {
        return s.getCapabilities() == null || s.getCapabilities().getAdd() == null ? List.of() : s.getCapabilities().getAdd();
    }

    private static boolean allowedSeccomp(SeccompProfile p) {
        return "RuntimeDefault".equals(p.getType()) || "Localhost".equals(p.getType());
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /** The volume source that is set, by its field name in the Pod API. */
    static String volumeType(Volume v) {
        Map<String, Object> fields = Chart.YAML.convertValue(v, Map.class);
        return fields.keySet().stream().filter(k -> !k.equals("name")).findFirst().orElse("none");
    }
}
