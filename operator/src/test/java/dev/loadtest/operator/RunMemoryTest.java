package dev.loadtest.operator;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RunMemoryTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void aRunIsRememberedUntilANewRunIdReplacesIt() {
        RunMemory memory = new RunMemory();
        RunMemory.Run first = memory.of("uid-1", "run-a", T0);
        first.dispatchedUsers = 10;
        assertThat(memory.of("uid-1", "run-a", T0.plusSeconds(3))).isSameAs(first);
        RunMemory.Run second = memory.of("uid-1", "run-b", T0.plusSeconds(6));
        assertThat(second).isNotSameAs(first);
        assertThat(second.dispatchedUsers).isNull();
    }

    @Test
    void loadTestsNotSeenForLongAreForgotten() {
        RunMemory memory = new RunMemory();
        memory.of("deleted", "run-a", T0);
        memory.of("alive", "run-b", T0);
        memory.of("alive", "run-b", T0.plus(RunMemory.FORGET_AFTER).plusSeconds(1));
        assertThat(memory.peek("deleted")).isNull();
        assertThat(memory.peek("alive")).isNotNull();
        assertThat(memory.peek("deleted")).isNull();
        assertThat(memory.peek("alive")).isNotNull();
    }
}
