package dev.loadtest.runner.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code loadtest run MANIFEST.yaml} with spec.stages: the stages drive the users and end the run. */
class LocalStagesTest {

    @Test
    void aManifestsStagesSetTheUsersAndTheRunEndsAfterTheLastStage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Idle.java"), """
                import dev.loadtest.*;
                public class Idle extends User {
                    @Override protected WaitTime waitTime() { return WaitTime.constant(0.05); }
                    @Task void idle() {}
                }
                """);
        Path yaml = Files.writeString(dir.resolve("staged.yaml"), """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata: {name: staged}
                spec:
                  users: 50
                  spawnRate: 100
                  runTime: 60s
                  loadfile: {path: Idle.java}
                  stages:
                    - {duration: 1500ms, users: 2}
                    - {duration: 2s, users: 5}
                """);
        String prefix = dir.resolve("staged").toString();
        long t0 = System.nanoTime();
        int code = Main.run("run", yaml.toString(), "--headless", "--csv", prefix);
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(code).isZero();
        // the stages last 3.5 s; the CLI's loop asks once a second, so the run ends at the 4 s tick (plus a
        // loaded machine's slack), long before spec.runTime's 60 s
        assertThat(seconds).isBetween(3.5, 30.0);
        // the user count of every history row is on the curve (2, then 5) or in a ramp between them (a row
        // can be written in the moment a re-target is in progress), never above the last stage's 5 or spec.users
        List<String> rows = Files.readAllLines(Path.of(prefix + "_stats_history.csv"));
        int column = List.of(rows.get(0).split(",")).indexOf("User Count");
        Set<Integer> counts = rows.stream().skip(1).filter(r -> r.contains("Aggregated"))
                .map(r -> Integer.parseInt(r.split(",")[column])).collect(Collectors.toSet());
        assertThat(counts).as(rows.toString()).contains(2, 5).allMatch(n -> n <= 5);
    }
}
