package dev.loadtest.operator.spec;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.SpecValidation;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The example LoadTests in docs/examples are what users copy first: each must be one the operator accepts. */
class ExamplesTest {

    @Test
    void everyExampleLoadTestPassesValidation() throws Exception {
        Path examples = Path.of("..", "docs", "examples");
        List<Path> files;
        try (Stream<Path> s = Files.list(examples)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (Path file : files) {
            LoadTest lt = serialization.unmarshal(Files.readString(file), LoadTest.class);
            assertThat(lt.getSpec()).as(file.toString()).isNotNull();
            assertThat(SpecValidation.errors(lt.getSpec())).as(file.toString()).isEmpty();
        }
    }
}
