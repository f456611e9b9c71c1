package dev.loadtest;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What docs/loadfiles.md promises a user who adds loadtest-loadfile-api to a build as a provided dependency:
 * the packaged jar alone (and the JDK) compiles the documented loadfiles, and it holds package dev.loadtest
 * and nothing else. Runs after {@code package}, on the jar itself.
 */
class LoadfileApiJarIT {

    private static final Path DOCS = Path.of("..", "docs");

    static Path apiJar() throws IOException {
        try (Stream<Path> list = Files.list(Path.of("target"))) {
            List<Path> jars = list.filter(p -> p.getFileName().toString().matches("loadtest-loadfile-api-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-sources.jar")
                            && !p.getFileName().toString().endsWith("-javadoc.jar"))
                    .toList();
            assertThat(jars).as("the packaged API jar in target/ (run with verify)").hasSize(1);
            return jars.getFirst();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedLoadfileCompilesAgainstTheApiJarAlone(@TempDir Path out) throws IOException {
        List<Path> loadfiles;
        try (Stream<Path> walk = Files.walk(DOCS.resolve("examples"))) {
            loadfiles = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(loadfiles).isNotEmpty();
        Path jar = apiJar();
        return loadfiles.stream().map(file -> DynamicTest.dynamicTest(DOCS.relativize(file).toString(), () ->
                assertThat(compile(jar, file, out.resolve(file.getFileName().toString()))).isEmpty()));
    }

    @Test
    void theIdeSampleOfTheDocsCompilesAgainstTheApiJarAlone(@TempDir Path dir) throws IOException {
        String page = Files.readString(DOCS.resolve("loadfiles.md"));
        int section = page.indexOf("## Writing loadfiles in an IDE");
        assertThat(section).as("docs/loadfiles.md has the IDE section").isPositive();
        int start = page.indexOf("```java", section) + "```java".length();
        String source = page.substring(start, page.indexOf("```", start));
        Path file = Files.writeString(dir.resolve("CheckoutUser.java"), source);
        assertThat(compile(apiJar(), file, dir.resolve("classes"))).isEmpty();
    }

    @Test
    void anEngineImportDoesNotCompileAgainstTheApiJar(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("Sneaky.java"), """
                import dev.loadtest.runner.engine.Engine;
                public class Sneaky extends dev.loadtest.HttpUser {
                }
                """);
        assertThat(compile(apiJar(), file, dir.resolve("classes")))
                .contains("Sneaky.java:1: package dev.loadtest.runner.engine does not exist");
    }

    @Test
    void theJarHoldsPackageDevLoadtestOnly() throws IOException {
        try (JarFile jar = new JarFile(apiJar().toFile())) {
            List<String> outside = jar.stream().map(e -> e.getName())
                    .filter(n -> !n.startsWith("META-INF/") && !n.equals("dev/") && !n.startsWith("dev/loadtest/"))
                    .toList();
            assertThat(outside).isEmpty();
            List<String> subpackages = jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("dev/loadtest/") && n.substring("dev/loadtest/".length()).contains("/"))
                    .toList();
            assertThat(subpackages).isEmpty();
            assertThat(jar.getEntry("dev/loadtest/HttpUser.class")).isNotNull();
        }
    }

    /** The compiler's errors as {@code File.java:LINE: message}; empty when it compiled. */
    static String compile(Path classpath, Path source, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Files.createDirectories(out);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            // --release 21 and no system class path beyond it: what a user's build with this jar has
            List<String> options = List.of("--release", "21", "-classpath", classpath.toString(), "-d", out.toString(),
                    "-proc:none");
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(List.of(source)))
                    .call();
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                .map(d -> Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": "
                        + d.getMessage(Locale.ROOT).lines().findFirst().orElse(""))
                .collect(Collectors.joining("\n"));
    }
}
