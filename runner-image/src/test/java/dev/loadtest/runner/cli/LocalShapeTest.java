package dev.loadtest.runner.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A loadfile's LoadShape on the command line: it, not -u/-r/-t, drives the run. */
class LocalShapeTest {

    @Test
    void theShapeSetsTheUsersEachSecondAndEndsTheRunWhateverUAndTSay(@TempDir Path dir) throws Exception {
        // The shape prints what it sees; the CLI's loop asks it once a second, so the run lasts about 3 s
        // (ticks at ~0, ~1, ~2, ~3 s) although -t says 100 s and -u says 50.
        Path loadfile = Files.writeString(dir.resolve("Shaped.java"), """
                import dev.loadtest.*;
                public class Shaped extends User {
                    @Override protected WaitTime waitTime() { return WaitTime.constant(0.05); }
                    @Task void idle() {}
                }
                class Steps extends LoadShape {
                    public Target tick() {
                        double t = getRunTime();
                        System.out.println("tick users=" + getCurrentUserCount());
                        return t < 0.5 ? new Target(2, 100) : t < 2.5 ? new Target(3, 100) : null;
                    }
                }
                """);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        int code;
        try {
            code = Main.run("-f", loadfile.toString(), "--headless", "-u", "50", "-r", "1", "-t", "100s",
                    "--only-summary");
        } finally {
            System.setOut(original);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String out = captured.toString(StandardCharsets.UTF_8);

        assertThat(code).as(out).isZero();
        assertThat(out).contains("note: the loadfile has a LoadShape (Steps): -u/--users, -r/--spawn-rate and "
                + "-t/--run-time (a manifest's spec.users, spec.spawnRate and spec.runTime) are ignored");
        assertThat(out).contains("Shape test starting: 2 users");
        Matcher m = Pattern.compile("tick users=(\\d+)").matcher(out);
        List<Integer> seen = m.results().map(r -> Integer.parseInt(r.group(1))).toList();
        // each tick sees what the previous one asked for (a rate of 100 reaches it in one batch, well
        // within the second between ticks): nothing, then 2, then 3 until the shape stops the run
        assertThat(seen).as(out).hasSizeGreaterThanOrEqualTo(3);
        assertThat(seen.subList(0, 3)).as(out).containsExactly(0, 2, 3);
        assertThat(seen.subList(2, seen.size())).as(out).allMatch(n -> n == 3);
        assertThat(seconds).as("the shape, not -t 100s, ended the run").isLessThan(30);
    }
}
