package dev.loadtest.runner.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.time.Duration;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up's wait for the JIT compilers watches their threads and never waits past its bound. */
class CompilerQuietTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void seesTheCompilerThreadsWorkOnLinux() {
        OptionalLong before = CompilerQuiet.compilerThreadsNanos();
        assertThat(before).as("the C1/C2 compiler threads' schedstat").isPresent();
        long sum = 0;
        for (int i = 0; i < 200_000; i++) { // gives the JIT something to compile
            sum += Integer.toString(i).hashCode();
        }
        assertThat(sum).isNotZero();
        assertThat(CompilerQuiet.compilerThreadsNanos().getAsLong()).isGreaterThan(before.getAsLong());
    }

    @Test
    void returnsWithinItsBound() {
        long began = System.nanoTime();
        long waited = CompilerQuiet.await(Duration.ofMillis(300));
        long elapsedMillis = (System.nanoTime() - began) / 1_000_000;
        assertThat(waited).isBetween(0L, elapsedMillis);
        // the bound plus one poll: it checks the deadline between polls
        assertThat(elapsedMillis).isLessThan(300 + CompilerQuiet.POLL.toMillis() + 1000);
    }
}
