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

    private static boolean isLocal(Path manifest) {
        try {
            String text = Files.readString(manifest);
            return text.contains("kind: LoadTest") && !text.contains("configMap:");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
