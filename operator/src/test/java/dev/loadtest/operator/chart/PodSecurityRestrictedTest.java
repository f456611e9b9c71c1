package dev.loadtest.operator.chart;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pod the chart renders, and the runner pods it hands defaults for, satisfies every rule of the Pod Security
 * Standards' "restricted" profile ({@link RestrictedProfile}), with the default values and with non-default ones.
 */
class PodSecurityRestrictedTest {

    static final List<Map<String, Object>> VALUES = List.of(Map.of(),
            Map.of("watch", Map.of("mode", "namespaces", "namespaces", List.of("team-a")),
                    "imagePullSecrets", List.of(Map.of("name", "mirror-pull")), "http", Map.of("bindPodIP", true),
                    "replicaCount", 2, "networkPolicy", Map.of("enabled", true),
                    "metrics", Map.of("podMonitor", Map.of("enabled", true), "serviceMonitor", Map.of("enabled", true))));

    @Test
    void theOperatorPodMeetsEveryRestrictedRule() {
        for (Map<String, Object> values : VALUES) {
            Chart.Rendered r = Chart.template(values);
            assertThat(r.all(Deployment.class)).isNotEmpty();
            for (Deployment d : r.all(Deployment.class)) {
                var template = d.getSpec().getTemplate();
                assertThat(RestrictedProfile.violations(new RestrictedProfile.Pod(template.getSpec(),
                        template.getMetadata().getAnnotations()))).as("%s with values %s", d.getMetadata().getName(), values).isEmpty();
            }
            assertThat(r.kinds()).as("no other pod-making kinds to check").doesNotContain("StatefulSet", "DaemonSet", "Job",
                    "CronJob", "Pod");
        }
    }

    @Test
    void runnerPodsWithTheChartsDefaultsMeetEveryRestrictedRule() {
        for (Map<String, Object> values : VALUES) {
            Map<String, Object> defaults = runnerPodDefaults(Chart.template(values));
            // the defaults alone must do it (the operator's own restricted fallbacks are not counted on); the pod
            // as RunnerJobs builds it, with the emptyDir at /tmp the operator adds
            Container runner = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("runner")
                    .withImage("ghcr.io/loadtest/runner")
                    .withSecurityContext(Chart.YAML.convertValue(defaults.get("containerSecurityContext"), SecurityContext.class))
                    .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                    .addNewPort().withContainerPort(8089).endPort()
                    .build();
            PodSpec pod = new PodSpecBuilder().withContainers(runner)
                    .withSecurityContext(Chart.YAML.convertValue(defaults.get("securityContext"), PodSecurityContext.class))
                    .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                    .withAutomountServiceAccountToken(false).build();
            assertThat(RestrictedProfile.violations(new RestrictedProfile.Pod(pod, Map.of()))).as("values %s", values).isEmpty();
            assertThat(runner.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        }
    }

    /** The checker itself: a pod that breaks every rule is reported under every rule's name. */
    @Test
    void eachRuleCatchesItsOwnViolation() {
        PodSpec bad = Chart.YAML.convertValue(Map.of(
                "hostNetwork", true, "hostPID", true, "hostIPC", true,
                "securityContext", Map.of("runAsUser", 0, "seccompProfile", Map.of("type", "Unconfined"),
                        "windowsOptions", Map.of("hostProcess", true), "sysctls", List.of(Map.of("name", "kernel.msgmax", "value", "1")),
                        "seLinuxOptions", Map.of("type", "spc_t"), "appArmorProfile", Map.of("type", "Unconfined")),
                "volumes", List.of(Map.of("name", "host", "hostPath", Map.of("path", "/"))),
                "containers", List.of(Map.of("name", "c", "image", "x",
                        "ports", List.of(Map.of("containerPort", 80, "hostPort", 80)),
                        "securityContext", Map.of("privileged", true, "allowPrivilegeEscalation", true, "runAsNonRoot", false,
                                "procMount", "Unmasked", "capabilities", Map.of("add", List.of("SYS_ADMIN")))))), PodSpec.class);
        Map<String, List<String>> found = RestrictedProfile.violations(new RestrictedProfile.Pod(bad,
                Map.of("container.apparmor.security.beta.kubernetes.io/c", "unconfined")));
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(RestrictedProfile.RULES.stream().map(RestrictedProfile.Rule::name).toList());

        // and the lenient cases the profile allows are not reported
        PodSpec fine = Chart.YAML.convertValue(Map.of(
                "securityContext", Map.of("runAsNonRoot", true, "seccompProfile", Map.of("type", "Localhost", "localhostProfile", "p.json")),
                "volumes", List.of(Map.of("name", "cm", "configMap", Map.of("name", "x")), Map.of("name", "pvc",
                        "persistentVolumeClaim", Map.of("claimName", "x"))),
                "containers", List.of(Map.of("name", "c", "image", "x", "securityContext", Map.of("allowPrivilegeEscalation", false,
                        "capabilities", Map.of("drop", List.of("ALL"), "add", List.of("NET_BIND_SERVICE")))))), PodSpec.class);
        assertThat(RestrictedProfile.violations(new RestrictedProfile.Pod(fine, Map.of()))).isEmpty();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> runnerPodDefaults(Chart.Rendered r) {
        ConfigMap cm = r.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().endsWith("-runner-defaults"))
                .findFirst().orElseThrow();
        return ChartTest.read(cm.getData().get("runner-pod-defaults.yaml"));
    }
}
