package dev.loadtest.operator.badinputs;

import dev.loadtest.testcluster.KubeClusterExtension;
import dev.loadtest.testcluster.ProjectLayout;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Bad manifests the CRD's schema refuses where they are written ({@code kubectl apply} fails, nothing is stored, no
 * operator involved): each case a spec fragment as a user would type it, sent as-is (untyped, so that a wrong type
 * reaches the API server) to the real kube-apiserver with the committed CRD, and the 422 must name the field and
 * what it must be. docs/troubleshooting.md lists each case by its name.
 */
class SchemaRejectionIT {

    @RegisterExtension
    static KubeClusterExtension cluster = KubeClusterExtension.builder()
            .crds(ProjectLayout.repositoryRoot().resolve("crds")).withKubelet(false).build();

    /** A case: its name (the docs' test column), the spec as YAML, and what the API server's message must contain. */
    record BadManifest(String name, String spec, List<String> message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String LOADFILE = "loadfile: {path: /loadfiles/shop.jar}\n";

    static List<BadManifest> manifests() {
        return List.of(
                new BadManifest("negativeUsers", LOADFILE + "users: -1",
                        List.of("spec.users", "should be greater than or equal to 0")),
                new BadManifest("usersAsWords", LOADFILE + "users: many",
                        List.of("spec.users", "must be of type integer")),
                new BadManifest("zeroRunners", LOADFILE + "runners: 0",
                        List.of("spec.runners", "should be greater than or equal to 1")),
                new BadManifest("negativeSpawnRate", LOADFILE + "spawnRate: -5",
                        List.of("spec.spawnRate", "should be greater than or equal to 0")),
                new BadManifest("httpVersion3", LOADFILE + "httpVersion: \"3\"",
                        List.of("spec.httpVersion", "should match")),
                new BadManifest("runTimeInWords", LOADFILE + "runTime: ten minutes",
                        List.of("spec.runTime", "should match")),
                new BadManifest("stopTimeoutInWords", LOADFILE + "stopTimeout: forever",
                        List.of("spec.stopTimeout", "should match")),
                new BadManifest("noLoadfile", "users: 10",
                        List.of("spec.loadfile", "Required value")),
                new BadManifest("hostWithoutScheme", LOADFILE + "host: shop.default.svc:8080",
                        List.of("spec.host", "should match '^https?://.+'")),
                new BadManifest("configMapKeyNeitherJavaNorJar", "loadfile: {configMap: {name: shop, key: shop.txt}}",
                        List.of("spec.loadfile.configMap.key", "should match")),
                new BadManifest("blankLoadfilePath", "loadfile: {path: \" \"}",
                        List.of("spec.loadfile.path", "should match")),
                new BadManifest("configMapWithoutName", "loadfile: {configMap: {key: ShopUser.java}}",
                        List.of("spec.loadfile.configMap.name", "Required value")),
                new BadManifest("stageWithoutDuration", LOADFILE + "stages: [{users: 5}]",
                        List.of("duration", "Required value")),
                new BadManifest("stageWithNegativeUsers", LOADFILE + "stages: [{duration: 1m, users: -2}]",
                        List.of("users", "should be greater than or equal to 0")),
                new BadManifest("thresholdWithoutMetric", LOADFILE + "thresholds: [{below: 300}]",
                        List.of("metric", "Required value")),
                new BadManifest("unknownThresholdMetric", LOADFILE + "thresholds: [{metric: p42, below: 300}]",
                        List.of("metric", "Unsupported value", "p42")),
                new BadManifest("imagePullPolicyMisspelt", LOADFILE + "runnerPod: {imagePullPolicy: Sometimes}",
                        List.of("spec.runnerPod.imagePullPolicy", "should match")),
                new BadManifest("negativeTtl", LOADFILE + "cleanup: {runnersTtlSecondsAfterFailure: -1}",
                        List.of("spec.cleanup.runnersTtlSecondsAfterFailure", "should be greater than or equal to 0")),
                new BadManifest("optionAsNumber", LOADFILE + "options: {product-count: 20}",
                        List.of("spec.options.product-count", "must be of type string")),
                new BadManifest("envAsMap", LOADFILE + "env: {API_KEY: secret}",
                        List.of("spec.env", "must be of type array")),
                new BadManifest("tagsAsString", LOADFILE + "tags: checkout",
                        List.of("spec.tags", "must be of type array")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void theSchemaRefusesItNamingTheField(BadManifest bad) {
        String yaml = """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata: {name: %s, namespace: default}
                spec:
                %s
                """.formatted(bad.name().toLowerCase(), bad.spec().indent(2));
        GenericKubernetesResource manifest = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> cluster.client().genericKubernetesResources("loadtest.dev/v1alpha1", "LoadTest")
                        .inNamespace("default").resource(manifest).create());
        assertThat(refused).as("refused by the schema: " + bad.spec()).isNotNull();
        System.out.println("[schema] " + bad.name() + ": " + refused.getStatus().getMessage());
        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getStatus().getMessage()).contains(bad.message());
        assertThat(cluster.client().genericKubernetesResources("loadtest.dev/v1alpha1", "LoadTest").inNamespace("default")
                .withName(bad.name().toLowerCase()).get()).as("nothing stored").isNull();
    }
}
