package dev.loadtest.runner.cli;

import dev.loadtest.runner.loadfile.LoadfileCompiler;
import dev.loadtest.runner.loadfile.LoadfileModel;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples are tests: every loadfile under docs/examples compiles into a runnable model, and every
 * manifest meant for local runs (one whose loadfile is a path or inline) is valid and compiles.
 */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of("..", "docs", "examples");

    @TestFactory
    Stream<DynamicTest> everyExampleLoadfileCompiles() throws IOException {
        List<Path> loadfiles;
        try (Stream<Path> walk = Files.walk(EXAMPLES)) {
            loadfiles = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(loadfiles).isNotEmpty();
        return loadfiles.stream().map(file -> DynamicTest.dynamicTest(EXAMPLES.relativize(file).toString(), () ->
                assertThat(LoadfileModel.of(LoadfileCompiler.load(file)).userClasses()).isNotEmpty()));
    }

    @TestFactory
    Stream<DynamicTest> everyLocalManifestIsValid() throws IOException {
        List<Path> manifests;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            manifests = list.filter(p -> p.toString().endsWith(".yaml") && isLocal(p)).sorted().toList();
        }
        assertThat(manifests).isNotEmpty();
        return manifests.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            LocalManifest manifest = LocalManifest.read(file);
            LoadfileModel model = LoadfileModel.of(manifest.compile()).select(manifest.spec().getUserClasses());
            assertThat(manifest.settings(model, "http://127.0.0.1:1", null, null, null, false).users()).isPositive();
        }));
    }

    @org.junit.jupiter.api.Test
    void optionNamesAreWrittenOneWayInTheCrdTheDocsAndTheExamples() throws Exception {
        LoadfileModel shop = LoadfileModel.of(LoadfileCompiler.load(EXAMPLES.resolve("shop/ShopUser.java")));
        String crd = Files.readString(Path.of("..", "crds", "loadtests.loadtest.dev-v1.yml")).replaceAll("\\s*\\n\\s*\\\\?\\s*", " ");
        java.util.regex.Matcher example = java.util.regex.Pattern.compile("e\\.g\\. \\{([\\w.-]+):").matcher(
                crd.substring(crd.indexOf("Custom options for the loadfile")));
        assertThat(example.find()).as("the CRD's spec.options description gives an example").isTrue();
        assertThat(shop.customOptions()).containsKey(example.group(1));
        assertThat(Files.readString(EXAMPLES.resolve("loadtest-shop.yaml"))).contains(example.group(1) + ":");
        assertThat(Files.readString(Path.of("..", "docs", "loadfiles.md"))).contains("\"" + example.group(1) + "\"");
        // the same words written another way are refused with the declared spelling
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> shop.resolveOptions(
                java.util.Map.of("productCount", "5"), "spec.options"))
                .hasMessageContaining("spec.options.productCount is not an option")
                .hasMessageContaining("it declares product-count");
    }

    @org.junit.jupiter.api.Test
    void theMigrationGuideShowsTheExampleFilesItsTestRuns() throws IOException {
        String guide = Files.readString(Path.of("..", "docs", "migrating-from-locust.md"));
        assertThat(guide).contains("```python\n" + Files.readString(EXAMPLES.resolve("migrating/locustfile.py")) + "```")
                .contains("```java\n" + Files.readString(EXAMPLES.resolve("migrating/Shopper.java")) + "```");
    }

    private static boolean isLocal(Path manifest) {
        try {
            String text = Files.readString(manifest);
            return text.contains("kind: LoadTest") && !text.contains("configMap:");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
