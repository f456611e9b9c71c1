package dev.loadtest.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.loadtest.operator.chart.Chart.DIR;
import static dev.loadtest.operator.chart.Chart.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chart rendered by real Helm, asserted on the parsed objects (no snapshot files). */
class ChartTest {

    static final String VERSION = Chart.projectVersion();

    @Test
    void lintsCleanAlsoStrictly() {
        LintResult lint = Chart.helm().lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void chartAndAppVersionAreTheProjectVersion() throws Exception {
        JsonNode chart = Chart.YAML.readTree(DIR.resolve("Chart.yaml").toFile());
        assertThat(chart.get("appVersion").asText()).as("Chart.yaml appVersion = the parent pom's <version>").isEqualTo(VERSION);
        assertThat(chart.get("version").asText()).as("Chart.yaml version = the parent pom's <version>").isEqualTo(VERSION);
    }

    /**
     * Helm packages only files inside the chart, so it holds copies. After regenerating crds/ or changing the
     * dashboard, refresh them: {@code UPDATE_CHART_COPIES=1 mvn -B -pl operator -am test -Dtest=ChartTest
     * -Dsurefire.failIfNoSpecifiedTests=false}.
     */
    @Test
    void theChartShipsTheGeneratedCrdAndTheDashboardUnchanged() throws Exception {
        if (System.getenv("UPDATE_CHART_COPIES") != null) {
            try (var crds = Files.list(ROOT.resolve("crds"))) {
                for (var crd : crds.toList()) {
                    Files.copy(crd, DIR.resolve("crds").resolve(crd.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.copy(ROOT.resolve("docs/grafana/loadtest-dashboard.json"), DIR.resolve("files/loadtest-dashboard.json"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        try (var crds = Files.list(ROOT.resolve("crds"))) {
            for (var crd : crds.toList()) {
                var copy = DIR.resolve("crds").resolve(crd.getFileName());
                assertThat(copy).as("the chart's copy of %s; refresh it with UPDATE_CHART_COPIES=1 (see this test)", crd)
                        .exists().hasSameTextualContentAs(crd);
            }
        }
        try (var copies = Files.list(DIR.resolve("crds"))) {
            assertThat(copies.map(p -> p.getFileName().toString()).toList()).as("no CRD the project no longer has")
                    .allSatisfy(name -> assertThat(ROOT.resolve("crds").resolve(name)).exists());
        }
        assertThat(DIR.resolve("files/loadtest-dashboard.json")).as("refresh it with UPDATE_CHART_COPIES=1 (see this test)").hasSameTextualContentAs(ROOT.resolve("docs/grafana/loadtest-dashboard.json"));
    }

    @Test
    void defaultsInstallAClusterWideOperatorWithNothingOptional() {
        Chart.Rendered r = Chart.template(Map.of());
        assertThat(r.kinds()).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "ClusterRole", "ClusterRole",
                "ClusterRoleBinding", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Deployment");

        Deployment d = r.one(Deployment.class);
        assertThat(d.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        var pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(r.one(ServiceAccount.class).getMetadata().getName());
        Container c = pod.getContainers().getFirst();
        assertThat(c.getImage()).isEqualTo("ghcr.io/loadtest/loadtest-operator:" + VERSION);
        assertThat(env(c, "LOADTEST_RUNNER_IMAGE")).contains("ghcr.io/loadtest/runner:" + VERSION);
        assertThat(env(c, "LOADTEST_RUNNER_PORT")).contains("8089");
        assertThat(env(c, "QUARKUS_HTTP_HOST")).contains("0.0.0.0");
        assertThat(env(c, "QUARKUS_OPERATOR_SDK_CONTROLLERS_LOADTEST_NAMESPACES")).as("cluster mode watches all").isEmpty();
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("LOADTEST_LEASE_NAMESPACE")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace"));
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        assertThat(pod.getImagePullSecrets()).isNullOrEmpty();

        // the runner defaults: a file in a ConfigMap, mounted where the env var says
        String file = env(c, "LOADTEST_RUNNER_POD_DEFAULTS_FILE").orElseThrow();
        var mount = c.getVolumeMounts().stream().filter(m -> file.startsWith(m.getMountPath() + "/")).findFirst().orElseThrow();
        var volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        ConfigMap defaults = r.named(ConfigMap.class, volume.getConfigMap().getName()).orElseThrow();
        String key = file.substring(mount.getMountPath().length() + 1);
        Map<String, Object> runnerPod = read(defaults.getData().get(key));
        assertThat(runnerPod.keySet()).containsExactlyInAnyOrder("resources", "securityContext", "containerSecurityContext");
        assertThat(path(runnerPod, "containerSecurityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(path(runnerPod, "securityContext", "runAsUser")).as("the runner image's user").isEqualTo(10001);

        // the Lease Role is in the release namespace; LoadTest rights are cluster-wide
        Role lease = r.one(Role.class);
        assertThat(lease.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
        assertThat(lease.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("leases");
            assertThat(rule.getVerbs()).contains("get", "create", "update", "patch");
        });
        assertThat(r.all(ClusterRole.class)).anySatisfy(cr -> assertThat(cr.getRules())
                .anySatisfy(rule -> assertThat(rule.getResources()).contains("loadtests")));
        assertThat(r.all(ClusterRoleBinding.class)).allSatisfy(b -> assertThat(b.getSubjects()).singleElement()
                .satisfies(s -> assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE)));
        assertThat(r.one(Service.class).getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
    }

    @Test
    void namespacedModeGrantsRolesOnlyInTheWatchedNamespacesAndTellsTheOperator() {
        Chart.Rendered r = Chart.template(Map.of("watch", Map.of("mode", "namespaces", "namespaces", List.of("team-a", "team-b"))));
        Container c = r.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(env(c, "QUARKUS_OPERATOR_SDK_CONTROLLERS_LOADTEST_NAMESPACES")).contains("team-a,team-b");

        List<Role> loadTestRoles = r.all(Role.class).stream().filter(role -> role.getRules().stream()
                .anyMatch(rule -> rule.getResources().contains("loadtests"))).toList();
        assertThat(loadTestRoles).extracting(role -> role.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(r.all(RoleBinding.class)).extracting(b -> b.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "team-b", Chart.NAMESPACE);
        assertThat(r.all(ClusterRole.class)).as("only the read-only CRD check is cluster-wide").singleElement()
                .satisfies(cr -> assertThat(cr.getRules()).singleElement().satisfies(rule -> {
                    assertThat(rule.getResources()).containsExactly("customresourcedefinitions");
                    assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list");
                }));
    }

    @Test
    void everyOptionalPartRendersWhenAskedFor() throws Exception {
        Chart.Rendered r = Chart.template(Map.of(
                "image", Map.of("repository", "registry.internal/mirror/loadtest-operator", "tag", "1.2.3"),
                "runner", Map.of("image", Map.of("repository", "registry.internal/mirror/runner", "tag", "1.2.3"), "port", 9100),
                "imagePullSecrets", List.of(Map.of("name", "mirror-pull")),
                "watch", Map.of("mode", "namespaces", "namespaces", List.of("team-a")),
                "metrics", Map.of("podMonitor", Map.of("enabled", true), "serviceMonitor", Map.of("enabled", true)),
                "grafana", Map.of("dashboard", Map.of("enabled", true, "namespace", "monitoring")),
                "networkPolicy", Map.of("enabled", true),
                "ingress", Map.of("enabled", true, "className", "nginx"),
                "replicaCount", 2));

        Deployment d = r.one(Deployment.class);
        var pod = d.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().getFirst();
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(c.getImage()).isEqualTo("registry.internal/mirror/loadtest-operator:1.2.3");
        assertThat(env(c, "LOADTEST_RUNNER_IMAGE")).contains("registry.internal/mirror/runner:1.2.3");
        assertThat(env(c, "LOADTEST_RUNNER_PORT")).contains("9100");
        assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("mirror-pull");
        ConfigMap defaults = r.all(ConfigMap.class).stream().filter(cm -> cm.getMetadata().getName().endsWith("-runner-defaults"))
                .findFirst().orElseThrow();
        assertThat(path(read(defaults.getData().values().iterator().next()), "imagePullSecrets"))
                .as("the runner pods get the same pull secrets").isEqualTo(List.of(Map.of("name", "mirror-pull")));

        GenericKubernetesResource podMonitor = (GenericKubernetesResource) r.ofKind("PodMonitor").getFirst();
        assertThat(podMonitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(podMonitor.<Object>get("spec", "namespaceSelector", "matchNames")).isEqualTo(List.of("team-a"));
        assertThat(podMonitor.<Object>get("spec", "selector", "matchLabels")).isEqualTo(Map.of(
                "app.kubernetes.io/managed-by", "loadtest-operator", "app.kubernetes.io/component", "runner"));
        assertThat(podMonitor.<Object>get("spec", "podMetricsEndpoints", 0, "honorLabels")).isEqualTo(true);
        GenericKubernetesResource serviceMonitor = (GenericKubernetesResource) r.ofKind("ServiceMonitor").getFirst();
        assertThat(serviceMonitor.<Object>get("spec", "endpoints", 0, "path")).isEqualTo("/q/metrics");

        ConfigMap dashboard = r.all(ConfigMap.class).stream()
                .filter(cm -> "1".equals(cm.getMetadata().getLabels().get("grafana_dashboard"))).findFirst().orElseThrow();
        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(dashboard.getData().get("loadtest-dashboard.json")))
                .isEqualTo(json.readTree(ROOT.resolve("docs/grafana/loadtest-dashboard.json").toFile()));

        NetworkPolicy policy = r.one(NetworkPolicy.class);
        assertThat(policy.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "runner");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(9100));
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getPodSelector().getMatchLabels())
                        .isEqualTo(d.getSpec().getSelector().getMatchLabels());
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsEntry("kubernetes.io/metadata.name", Chart.NAMESPACE);
            });
        });

        Ingress ingress = r.one(Ingress.class);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService().getName())
                .isEqualTo(r.one(Service.class).getMetadata().getName());
    }

    @Test
    void badValuesFailWithTheFieldAndTheFix() {
        assertThatThrownBy(() -> Chart.template(Map.of("watch", Map.of("mode", "some"))))
                .hasMessageContaining("/watch/mode").hasMessageContaining("'cluster', 'namespaces'");
        assertThatThrownBy(() -> Chart.template(Map.of("watch", Map.of("mode", "namespaces"))))
                .hasMessageContaining("watch.namespaces: list at least one namespace");
        assertThatThrownBy(() -> Chart.template(Map.of("networkPolicy", Map.of("enabled", true))))
                .hasMessageContaining("networkPolicy.runnerNamespaces");
        assertThatThrownBy(() -> Chart.template(Map.of("operator", Map.of("pollInterval", "three seconds"))))
                .hasMessageContaining("/operator/pollInterval");
        assertThatThrownBy(() -> Chart.template(Map.of("replicas", 2))).as("a misspelt value is refused")
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> Chart.template(Map.of("runner", Map.of("podDefaults", Map.of("securityContex", Map.of())))))
                .as("runner pod defaults are spec.runnerPod's fields only").hasMessageContaining("securityContex");
    }

    static Optional<String> env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String yaml) {
        try {
            return Chart.YAML.readValue(yaml, Map.class);
        } catch (Exception e) {
            throw new AssertionError("not YAML: " + yaml, e);
        }
    }

    static Object path(Map<?, ?> map, String... keys) {
        Object at = map;
        for (String key : keys) {
            at = ((Map<?, ?>) at).get(key);
        }
        return at;
    }
}
