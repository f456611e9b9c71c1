package dev.loadtest.testcluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessTreeTest {

    @Test
    void findsAndKillsTheOrphansOfAProcessThatExitedByItsEnvironmentMarker() throws Exception {
        String marker = UUID.randomUUID().toString();
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "sleep 60 & sleep 60 & exit 0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
        pb.environment().put(ContainerRun.MARKER, marker);
        Process shell = pb.start();
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();

        List<ProcessHandle> orphans = ProcessTree.withEnvironmentEntry(ContainerRun.MARKER, marker);
        assertThat(orphans).hasSize(2).allMatch(ProcessHandle::isAlive);

        orphans.forEach(ProcessTree::kill);
        assertThat(orphans).allMatch(ProcessTree::isGone);
        assertThat(ProcessTree.withEnvironmentEntry(ContainerRun.MARKER, marker)).isEmpty();
    }

    @Test
    void oneTableOfTheMachinesProcessesFindsTheSameDescendantsAsTheJdk() throws Exception {
        // two children, one of which has a child of its own
        Process shell = new ProcessBuilder("/bin/sh", "-c", "sleep 60 & /bin/sh -c 'sleep 60 & wait' & wait")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> shell.toHandle().descendants().count() == 3);
            List<Long> byJdk = shell.toHandle().descendants().map(ProcessHandle::pid).sorted().toList();

            List<Long> byTable = ProcessTree.Table.now().descendants(shell.toHandle()).stream()
                    .map(ProcessHandle::pid).sorted().toList();

            assertThat(byTable).hasSize(3).isEqualTo(byJdk);
            assertThat(ProcessTree.Table.now().descendants(ProcessHandle.of(byJdk.getFirst()).orElseThrow()))
                    .as("a leaf's").isEmpty();
        } finally {
            ProcessTree.kill(shell.toHandle());
        }
    }

    @Test
    void stopSendsSigtermFirstAndSigkillAfterTheGrace() throws Exception {
        Process ignoresTerm = new ProcessBuilder("/bin/sh", "-c", "trap '' TERM; sleep 60 & wait; sleep 60")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(200); // let the shell install its trap and start sleep
        long start = System.nanoTime();
        ProcessTree.stop(ignoresTerm.toHandle(), Duration.ofMillis(500));
        assertThat(ignoresTerm.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ignoresTerm.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }
}
