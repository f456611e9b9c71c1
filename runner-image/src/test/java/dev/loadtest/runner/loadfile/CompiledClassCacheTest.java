package dev.loadtest.runner.loadfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompiledClassCacheTest {

    private static final String SHOPPER = """
            import dev.loadtest.*;

            @Weight(%d)
            public class Shopper extends HttpUser {
                @Task void browse() { client.get("/"); }
                class Cart extends TaskSet { @Task void add() { client.post("/cart", "{}"); } }
            }
            """;

    @Test
    void theSameSourceIsCompiledOnceAndLoadedFromTheCacheAfterwards(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Shopper.java"), SHOPPER.formatted(3));
        CompiledClassCache cache = CompiledClassCache.in(dir.resolve("cache"));

        int before = LoadfileCompiler.COMPILATIONS.get();
        CompiledLoadfile first = LoadfileCompiler.load(file, cache);
        CompiledLoadfile second = LoadfileCompiler.load(file, cache);

        assertThat(LoadfileCompiler.COMPILATIONS.get() - before).as("javac runs").isEqualTo(1);
        assertThat(second.classes()).extracting(Class::getName).containsExactlyInAnyOrderElementsOf(
                first.classes().stream().map(Class::getName).toList()).contains("Shopper", "Shopper$Cart");
        assertThat(LoadfileModel.of(second).userClasses()).singleElement().satisfies(u -> assertThat(u.weight()).isEqualTo(3.0));
        assertThat(second.classes().getFirst().getProtectionDomain().getCodeSource().getLocation().getPath())
                .startsWith(dir.resolve("cache").toUri().getPath());
    }

    @Test
    void anEditedSourceIsCompiledAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Shopper.java");
        CompiledClassCache cache = CompiledClassCache.in(dir.resolve("cache"));
        int before = LoadfileCompiler.COMPILATIONS.get();
        Files.writeString(file, SHOPPER.formatted(3));
        LoadfileCompiler.load(file, cache);
        Files.writeString(file, SHOPPER.formatted(7));
        CompiledLoadfile edited = LoadfileCompiler.load(file, cache);

        assertThat(LoadfileCompiler.COMPILATIONS.get() - before).isEqualTo(2);
        assertThat(LoadfileModel.of(edited).userClasses()).singleElement().satisfies(u -> assertThat(u.weight()).isEqualTo(7.0));
        assertThat(entries(dir.resolve("cache"))).isEqualTo(2);
    }

    @Test
    void aSourceThatDoesNotCompileIsNeverCached(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Broken.java"), "public class Broken { int x = ; }");
        CompiledClassCache cache = CompiledClassCache.in(dir.resolve("cache"));
        int before = LoadfileCompiler.COMPILATIONS.get();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> LoadfileCompiler.load(file, cache)).isInstanceOf(LoadfileException.class)
                    .hasMessageContaining("Broken.java:1: ");
        }
        assertThat(LoadfileCompiler.COMPILATIONS.get() - before).isEqualTo(2);
        assertThat(entries(dir.resolve("cache"))).isZero();
    }

    @Test
    void anIncompleteEntryIsNotTrusted(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Shopper.java"), SHOPPER.formatted(3));
        Path root = dir.resolve("cache");
        CompiledClassCache cache = CompiledClassCache.in(root);
        LoadfileCompiler.load(file, cache);
        Path entry;
        try (Stream<Path> list = Files.list(root)) {
            entry = list.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
        }
        Files.delete(entry.resolve(".complete")); // as if a writer had died half-way
        int before = LoadfileCompiler.COMPILATIONS.get();
        CompiledLoadfile again = LoadfileCompiler.load(file, cache);
        assertThat(LoadfileCompiler.COMPILATIONS.get() - before).isEqualTo(1);
        assertThat(LoadfileModel.of(again).userClasses()).singleElement().satisfies(u -> assertThat(u.name()).isEqualTo("Shopper"));
    }

    @Test
    void theLocalCacheIsOnUnlessTurnedOffAndFollowsTheEnvironment() {
        assertThat(CompiledClassCache.forLocalRuns(Map.of("XDG_CACHE_HOME", "/x")).root())
                .isEqualTo(Path.of("/x", "loadtest", "classes"));
        assertThat(CompiledClassCache.forLocalRuns(Map.of()).root())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "loadtest", "classes"));
        assertThat(CompiledClassCache.forLocalRuns(Map.of("LOADTEST_CLASS_CACHE", "off", "XDG_CACHE_HOME", "/x")).enabled())
                .isFalse();
        assertThat(CompiledClassCache.forLocalRuns(Map.of("LOADTEST_CLASS_CACHE", "/x/y")).root()).isEqualTo(Path.of("/x/y"));
        assertThat(CompiledClassCache.forLocalRuns(Map.of("LOADTEST_CLASS_CACHE", "on", "XDG_CACHE_HOME", "/x")).root())
                .isEqualTo(Path.of("/x", "loadtest", "classes"));
        assertThat(CompiledClassCache.none().enabled()).isFalse();
    }

    @Test
    void aCacheFolderItMakesIsItsOwnersOnly(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Shopper.java"), SHOPPER.formatted(1));
        Path root = dir.resolve("home/.cache/loadtest/classes");

        LoadfileCompiler.load(file, CompiledClassCache.in(root));

        assertThat(entries(root)).isEqualTo(1);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
                .as("nobody else may put classes where the runner loads them from").isEqualTo("rwx------");
    }

    private static long entries(Path root) throws Exception {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(p -> Files.isRegularFile(p.resolve(".complete"))).count();
        }
    }
}
