package dev.loadtest.runner.loadfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data files beside a loadfile: docs/examples/jar's ApiKeyUser reads users.csv from the folder the runner
 * publishes, whether it is given as a .java file, as its folder, or compiled into a jar.
 */
class LoadfileFolderTest {

    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "jar");
    private static final List<String> KEYS = List.of("key-alice-7f3a", "key-bob-91c2", "key-carol-04de", "key-dave-5b18");

    @Test
    void theFolderOfAFileOrAJarIsItsParentAndAFolderIsItself(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("loadtest.jar"));
        assertThat(LoadfileFolder.of(jar)).isEqualTo(dir.toAbsolutePath());
        assertThat(LoadfileFolder.of(dir.resolve("."))).isEqualTo(dir.toAbsolutePath());
        assertThat(LoadfileFolder.of(Path.of("ShopUser.java"))).isEqualTo(Path.of("").toAbsolutePath());
    }

    @Test
    void aLoadfileGivenAsSourceReadsTheCsvBesideIt(@TempDir Path dir) throws Exception {
        Files.copy(EXAMPLE.resolve("ApiKeyUser.java"), dir.resolve("ApiKeyUser.java"));
        Files.copy(EXAMPLE.resolve("users.csv"), dir.resolve("users.csv"));
        assertThat(apiKeysOf(LoadfileCompiler.load(dir.resolve("ApiKeyUser.java")))).isEqualTo(KEYS);
        assertThat(System.getProperty(LoadfileFolder.PROPERTY)).isEqualTo(dir.toAbsolutePath().toString());
    }

    @Test
    void aLoadfileCompiledIntoAJarReadsTheCsvBesideTheJar(@TempDir Path dir) throws Exception {
        Path jar = compileToJar(EXAMPLE.resolve("ApiKeyUser.java"), dir.resolve("build"), dir.resolve("app/loadtest.jar"));
        Files.copy(EXAMPLE.resolve("users.csv"), dir.resolve("app/users.csv"));
        assertThat(apiKeysOf(LoadfileCompiler.load(jar))).isEqualTo(KEYS);
        assertThat(System.getProperty(LoadfileFolder.PROPERTY)).isEqualTo(dir.resolve("app").toAbsolutePath().toString());
    }

    @SuppressWarnings("unchecked")
    private static List<String> apiKeysOf(CompiledLoadfile loadfile) throws Exception {
        Class<?> user = loadfile.classes().stream().filter(c -> c.getSimpleName().equals("ApiKeyUser")).findFirst()
                .orElseThrow();
        var method = user.getDeclaredMethod("apiKeys");
        method.setAccessible(true);
        return (List<String>) method.invoke(null);
    }

    /** What the Dockerfile example's comment does: javac against the runner's classes, then jar. */
    static Path compileToJar(Path source, Path classes, Path jar) throws Exception {
        Files.createDirectories(classes);
        Files.createDirectories(jar.getParent());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                source.toString());
        assertThat(rc).as("javac " + source).isZero();
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(f));
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
