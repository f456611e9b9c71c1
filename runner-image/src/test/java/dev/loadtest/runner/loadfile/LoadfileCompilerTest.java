package dev.loadtest.runner.loadfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadfileCompilerTest {

    private static final String GOOD = """
            import dev.loadtest.*;

            @Weight(3)
            public class Shopper extends HttpUser {
                @Task(2) void browse() { client.get("/"); }
                @Task @Tag("buy") void buy() { client.post("/buy", "{}"); }
            }
            """;

    @Test
    void compilesAJavaFileAndFindsItsUserClasses(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Shopper.java"), GOOD);
        LoadfileModel model = LoadfileModel.of(LoadfileCompiler.load(file));
        assertThat(model.userClasses()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("Shopper");
            assertThat(u.weight()).isEqualTo(3.0);
            assertThat(u.isHttp()).isTrue();
        });
    }

    @Test
    void anUnwritableTmpdirIsReportedWithTheFix(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Shopper.java"), GOOD);
        // stands in for a read-only root file system (which root, running the tests, could write anyway): the
        // runner's only write place cannot take a folder
        Path missing = dir.resolve("no-such-folder/tmp");
        String previous = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", missing.toString());
        try {
            assertThatThrownBy(() -> LoadfileCompiler.load(file)).isInstanceOf(LoadfileException.class)
                    .hasMessageContaining("cannot create a folder for compiled classes under java.io.tmpdir (" + missing + ")")
                    .hasMessageContaining("mount an emptyDir at " + missing);
        } finally {
            System.setProperty("java.io.tmpdir", previous);
        }
    }

    @Test
    void compileErrorsNameTheFileAndLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Broken.java"), """
                import dev.loadtest.*;
                public class Broken extends HttpUser {
                    @Task void go() {
                        client.get("/").nonsense();
                    }
                }
                """);
        assertThatThrownBy(() -> LoadfileCompiler.load(file)).isInstanceOf(LoadfileException.class)
                .hasMessageMatching("(?s).*Broken\\.java:4: cannot find symbol.*");
    }

    @Test
    void aLoadfileSeesTheLoadfileApiOnlyNotTheEngine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Sneaky.java"), """
                import dev.loadtest.*;
                import dev.loadtest.runner.engine.Engine;
                public class Sneaky extends HttpUser {
                    @Task void go() { client.get("/"); }
                }
                """);
        assertThatThrownBy(() -> LoadfileCompiler.load(file)).isInstanceOf(LoadfileException.class)
                .hasMessageStartingWith(file + ":2: package dev.loadtest.runner.engine does not exist")
                .hasMessageContaining(LoadfileCompiler.CLASSPATH_NOTE);
    }

    @Test
    void theRunnersLibrariesAreNotOnTheLoadfilesClasspathEither(@TempDir Path dir) throws Exception {
        // Jackson is on the runner's own classpath (the control protocol uses it), not on a loadfile's
        Path file = Files.writeString(dir.resolve("WithJackson.java"), """
                import dev.loadtest.*;
                public class WithJackson extends HttpUser {
                    @Task void go() {
                        com.fasterxml.jackson.databind.ObjectMapper m = null;
                    }
                }
                """);
        assertThatThrownBy(() -> LoadfileCompiler.load(file)).isInstanceOf(LoadfileException.class)
                .hasMessageStartingWith(file + ":4: package com.fasterxml.jackson.databind does not exist");
    }

    @Test
    void theRunnersHooksInTheApiJarAreRejectedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Hooked.java"), """
                import dev.loadtest.*;
                public class Hooked extends HttpUser {
                    @Task void go() throws Exception {
                        client.get("/");
                        Internal.onStop(this);
                    }
                    UserContext context;
                }
                """);
        assertThatThrownBy(() -> LoadfileCompiler.load(file)).isInstanceOf(LoadfileException.class)
                .hasMessage(file + ":5: dev.loadtest.Internal is the runner's hook into the API, not for "
                        + "loadfiles: use the User's and TestContext's methods instead\n"
                        + file + ":7: dev.loadtest.UserContext is the runner's hook into the API, not for "
                        + "loadfiles: use the User's and TestContext's methods instead");
    }

    @Test
    void inlineSourcesUseTheirKeysAsFileNamesInErrors() {
        assertThatThrownBy(() -> LoadfileCompiler.compileInline(Map.of("Inline.java", "public class Inline { int x = ; }")))
                .isInstanceOf(LoadfileException.class).hasMessageStartingWith("Inline.java:1: ");
        assertThatThrownBy(() -> LoadfileCompiler.compileInline(Map.of("notjava.txt", "")))
                .hasMessageContaining("must be a file name ending in .java");
    }

    @Test
    void aLoadfileWithoutUsersSaysWhatToDeclare(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Empty.java"), "public class Empty {}");
        assertThatThrownBy(() -> LoadfileModel.of(LoadfileCompiler.load(file)))
                .hasMessageContaining("no user class found").hasMessageContaining("extends HttpUser");
    }

    @Test
    void aMissingPathIsReportedPlainly(@TempDir Path dir) {
        assertThatThrownBy(() -> LoadfileCompiler.load(dir.resolve("Nope.java")))
                .hasMessageContaining("no such loadfile");
    }

    @Test
    void sequentialOrderSurvivesCompilation(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Seq.java"), """
                import dev.loadtest.*;
                public class Seq extends User {
                    @Task public static class Flow extends SequentialTaskSet {
                        @Task void third() {}
                        @Task void first() {}
                        @Task void second() {}
                    }
                }
                """);
        LoadfileModel model = LoadfileModel.of(LoadfileCompiler.load(file));
        TaskModel flow = model.taskModels(TagFilter.NONE, Map.of()).get("Seq").entries().getFirst().nested();
        assertThat(flow.entries()).extracting(TaskModel.Entry::name)
                .containsExactly("Flow.third", "Flow.first", "Flow.second");
    }

    @Test
    void aMountedConfigMapFolderCompilesOnceAndNamesFilesAsTheKeys(@TempDir Path dir) throws Exception {
        // the layout a kubelet gives a ConfigMap volume: files are links into a hidden timestamped folder
        Path data = Files.createDirectories(dir.resolve("..2026_11_26_10_00_00.123"));
        Files.writeString(data.resolve("Shopper.java"), GOOD);
        Files.writeString(data.resolve("Broken.java"), "public class Broken { int x = ; }");
        Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
        Files.createSymbolicLink(dir.resolve("Shopper.java"), Path.of("..data", "Shopper.java"));
        Files.createSymbolicLink(dir.resolve("Broken.java"), Path.of("..data", "Broken.java"));
        // and the test kubelet mounts the volume itself as a link
        Path mount = Files.createSymbolicLink(dir.resolveSibling(dir.getFileName() + "-mount"), dir);
        assertThatThrownBy(() -> LoadfileCompiler.load(mount)).isInstanceOf(LoadfileException.class)
                .hasMessageStartingWith("Broken.java:1: ");
        Files.delete(dir.resolve("Broken.java"));
        Files.delete(data.resolve("Broken.java"));
        assertThat(LoadfileModel.of(LoadfileCompiler.load(mount)).userClasses()).singleElement()
                .satisfies(u -> assertThat(u.name()).isEqualTo("Shopper"));
        Files.delete(mount);
    }

    private static final String SHAPE_USER = """
            import dev.loadtest.*;
            public class Shaped extends User {
                @Task void t() {}
            }
            """;

    @Test
    void aLoadfilesLoadShapeIsFoundAndAnAbstractBaseShapeIsNot() throws Exception {
        LoadfileModel model = LoadfileModel.of(LoadfileCompiler.compileInline(Map.of("Shaped.java", SHAPE_USER,
                "Base.java", "public abstract class Base extends dev.loadtest.LoadShape {}",
                "Steps.java", "public class Steps extends Base { public Target tick() { return new Target(1, 1); } }")));
        assertThat(model.shape().getSimpleName()).isEqualTo("Steps");
        assertThat(model.newShape().tick()).isEqualTo(new dev.loadtest.LoadShape.Target(1, 1));
        assertThat(LoadfileModel.of(LoadfileCompiler.compileInline(Map.of("Shaped.java", SHAPE_USER))).shape()).isNull();
    }

    @Test
    void twoLoadShapesAreAnErrorNamingBoth() {
        String shape = "public class %s extends dev.loadtest.LoadShape { public Target tick() { return null; } }";
        assertThatThrownBy(() -> LoadfileModel.of(LoadfileCompiler.compileInline(Map.of("Shaped.java", SHAPE_USER,
                "Spike.java", shape.formatted("Spike"), "Steps.java", shape.formatted("Steps")))))
                .isInstanceOf(LoadfileException.class)
                .hasMessageContaining("a loadfile has at most one LoadShape, found 2: Spike, Steps");
    }
}
