package dev.loadtest.runner.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HttpUser's transport must not need the common ForkJoinPool: {@code sendAsync} completed every response
 * through it, so while its workers were busy (users started from it, or anyone's parallel stream) responses
 * waited for a free worker and ran into their timeout. The probe runs in a JVM of its own with a common pool
 * of 4 workers, since on a machine with 2 cores the JDK replaces a pool of one worker with a thread per task
 * and the starvation could not show.
 */
class JdkSessionCommonPoolTest {

    @Test
    void aResponseDoesNotWaitForABusyCommonPool() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process probe = new ProcessBuilder(List.of(java.toString(),
                "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4",
                "-cp", System.getProperty("java.class.path"), CommonPoolProbe.class.getName()))
                .redirectErrorStream(true).start();
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("the probe finishes").isTrue();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String last = out.lines().reduce((a, b) -> b).orElse("");
        assertThat(probe.exitValue()).as(out).isZero();
        String[] fields = last.split(" ", 3);
        assertThat(fields[0]).as("status, with the pool busy for %d ms and a %d ms timeout: %s",
                CommonPoolProbe.BUSY_MILLIS, CommonPoolProbe.TIMEOUT.toMillis(), out).isEqualTo("200");
        assertThat(Long.parseLong(fields[1])).as("elapsed ms").isLessThan(CommonPoolProbe.TIMEOUT.toMillis());
    }
}
