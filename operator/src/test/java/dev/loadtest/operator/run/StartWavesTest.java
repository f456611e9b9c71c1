package dev.loadtest.operator.run;

import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.RunnerState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runner 0 alone first when it runs once-per-test hooks; everyone at once otherwise. */
class StartWavesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                  | oncePerTest | runners | waves
            once-per-test hooks on 3 runners        | true        | 3       | [[0], [1, 2]]
            once-per-test hooks on 1 runner         | true        | 1       | [[0]]
            no once-per-test hooks                  | false       | 3       | [[0, 1, 2]]
            a runner that does not say (protocol 1) |             | 4       | [[0, 1, 2, 3]]
            """)
    void waves(String name, Boolean oncePerTest, int runners, String waves) {
        RunnerInfo runner0 = new RunnerInfo("r0", "i", RunnerState.READY, null, List.of(), List.of(), List.of(), null,
                oncePerTest == null ? null : 2, oncePerTest);
        assertThat(StartWaves.of(runner0, runners).toString()).isEqualTo(waves);
    }
}
