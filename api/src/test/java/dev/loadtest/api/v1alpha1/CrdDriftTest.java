package dev.loadtest.api.v1alpha1;

import io.fabric8.crdv2.generator.CRDGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRD YAML in crds/ is generated from these Java types and committed, so that it can be applied without
 * building. This test regenerates it and fails when the committed file differs: change the Java types, then
 * run {@code UPDATE_CRDS=1 mvn -pl api test -Dtest=CrdDriftTest} and commit crds/.
 */
class CrdDriftTest {

    static final String CRD_FILE = "loadtests.loadtest.dev-v1.yml";
    static final Path COMMITTED = Path.of("..", "crds", CRD_FILE);

    @Test
    void committedCrdMatchesTheJavaTypes(@TempDir Path out) throws Exception {
        new CRDGenerator().customResourceClasses(LoadTest.class).forCRDVersions("v1").inOutputDir(out.toFile())
                .detailedGenerate();
        String generated = inDeclaredColumnOrder(Files.readString(out.resolve(CRD_FILE)));
        if ("1".equals(System.getenv("UPDATE_CRDS")) || Boolean.getBoolean("crds.update")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, generated);
        }
        assertThat(COMMITTED).as("crds/%s is missing: run UPDATE_CRDS=1 mvn -pl api test -Dtest=CrdDriftTest", CRD_FILE)
                .exists();
        assertThat(Files.readString(COMMITTED))
                .as("crds/%s differs from the Java types: run UPDATE_CRDS=1 mvn -pl api test -Dtest=CrdDriftTest"
                        + " and commit crds/", CRD_FILE)
                .isEqualTo(generated);
    }

    /**
     * Fabric8 sorts printer columns by JSON path, which would put Age first in {@code kubectl get lt};
     * put them back in the order LoadTest declares them.
     */
    static String inDeclaredColumnOrder(String yaml) throws Exception {
        var mapper = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(yaml);
        var version = (com.fasterxml.jackson.databind.node.ObjectNode) root.path("spec").path("versions").get(0);
        var columns = new java.util.ArrayList<com.fasterxml.jackson.databind.JsonNode>();
        version.withArray("additionalPrinterColumns").forEach(columns::add);
        var declared = java.util.Arrays.stream(LoadTest.class.getAnnotationsByType(
                io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.class)).map(c -> c.name()).toList();
        columns.sort(java.util.Comparator.comparingInt(c -> declared.indexOf(c.path("name").asText())));
        version.putArray("additionalPrinterColumns").addAll(columns);
        return "# Generated from the Java types in api/ by CrdDriftTest; do not edit.\n" + mapper.writeValueAsString(root);
    }

    @Test
    void everySpecAndStatusFieldHasADescription() throws Exception {
        String crd = Files.readString(COMMITTED);
        // Each property block in the schema is followed by its description; a missing one shows as a
        // "properties:" entry whose first key is "type" without a "description" sibling. Count both.
        long properties = crd.lines().filter(l -> l.matches("\\s+[a-zA-Z0-9]+:\\s*$")).count();
        assertThat(properties).isGreaterThan(50);
        for (Class<?> type : new Class<?>[]{LoadTestSpec.class, LoadTestStatus.class, LoadfileSource.class,
                Threshold.class, RunnerPodSpec.class, CleanupPolicy.class, RunSummary.class, EndpointSummary.class,
                ThresholdResult.class, RunRecord.class, RunnersStatus.class, ConfigMapLoadfile.class,
                FailureSummary.class}) {
            for (var field : type.getDeclaredFields()) {
                assertThat(field.getAnnotation(com.fasterxml.jackson.annotation.JsonPropertyDescription.class))
                        .as("%s.%s needs @JsonPropertyDescription (kubectl explain shows it)", type.getSimpleName(),
                                field.getName())
                        .isNotNull();
            }
        }
    }
}
