package dev.loadtest.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkout's {@code ./loadtest} launcher and the JDK AOT cache it makes for local runs: the first run of a build
 * records and then assembles the cache without a word of the JVM's on the run's output, and the next run starts from
 * it (its classes come from the cache's shared objects file).
 */
class LauncherAotCacheIT {

    private static final Path LAUNCHER = Path.of("..", "loadtest").toAbsolutePath().normalize();

    record Run(int exit, String stdout, String stderr) {
    }

    private static Run launch(Path aotDir, Path classLog, Path work) throws Exception {
        Path out = work.resolve("out-" + System.nanoTime());
        Path err = work.resolve("err-" + System.nanoTime());
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "-f",
                Path.of("..", "docs", "examples", "shop", "ShopUser.java").toAbsolutePath().toString(),
                "--sample-target", "--headless", "-u", "2", "-r", "2", "-t", "4s", "--json")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("LOADTEST_AOT_DIR", aotDir.toString());
        builder.environment().remove("LOADTEST_AOT");
        // the same options in both runs (they are part of the cache's key): a class-load log per process
        builder.environment().put("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog + "-%p.log");
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("the launcher ended in time").isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<Path> files(Path dir, String suffix) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    /**
     * The run's own exit code, which the launcher passes on: 1 when the run had failures (the sample shop fails about
     * 1% of checkouts on purpose, so a short run has some or none), else 0.
     */
    private static int exitFor(JsonNode stats) {
        assertThat(stats.isArray()).as("--json prints the endpoints' statistics").isTrue();
        long failures = 0;
        for (JsonNode endpoint : stats) {
            failures += endpoint.path("num_failures").asLong();
        }
        return failures > 0 ? 1 : 0;
    }

    private static boolean mainFromCache(String classLoadLine) {
        return classLoadLine.contains("dev.loadtest.runner.cli.Main ") && classLoadLine.contains("shared objects file");
    }

    @Test
    void theFirstRunMakesTheCacheQuietlyAndTheNextStartsFromIt(@TempDir Path work) throws Exception {
        Path aotDir = work.resolve("aot");
        Path classLog = work.resolve("classes");
        ObjectMapper json = new ObjectMapper();

        Run first = launch(aotDir, classLog, work);
        // stdout is the run's JSON alone: nothing of the recording JVM's
        JsonNode stats = json.readTree(first.stdout());
        assertThat(first.exit()).as(first.stderr()).isEqualTo(exitFor(stats));
        assertThat(first.stderr()).contains("creating the JVM's start-up cache for this build (once)");
        assertThat(files(aotDir, ".aot")).hasSize(1);
        assertThat(Files.list(aotDir).toList()).as("no configuration or partial cache left").hasSize(1);

        // the recording run and the cache's assembly each wrote a class-load log (the recording loaded the runner
        // from its jar); the second run writes one more
        List<Path> before = files(work, ".log");
        assertThat(before).anySatisfy(log -> assertThat(Files.readAllLines(log)).anyMatch(
                line -> line.contains("dev.loadtest.runner.cli.Main ") && !line.contains("shared objects file")));
        Run second = launch(aotDir, classLog, work);
        assertThat(second.exit()).as(second.stderr()).isEqualTo(exitFor(json.readTree(second.stdout())));
        assertThat(second.stderr()).doesNotContain("creating the JVM's start-up cache");
        assertThat(json.readTree(second.stdout()).fieldNames()).toIterable()
                .containsExactlyElementsOf(() -> stats.fieldNames());
        List<Path> after = files(work, ".log").stream().filter(p -> !before.contains(p)).toList();
        assertThat(after).singleElement().satisfies(log -> assertThat(Files.readAllLines(log))
                .as("the runner's own classes come from the AOT cache").anyMatch(LauncherAotCacheIT::mainFromCache));
    }
}
