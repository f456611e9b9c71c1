package dev.loadtest.operator.run;

import dev.loadtest.api.stats.StatsSnapshot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A quit() on any runner of the run ends the run; the message names the runner and the caller. */
class QuitSignalsTest {

    private static StatsSnapshot snapshot(String runId, String quitBy) {
        return new StatsSnapshot(runId, "r", "i", "RUNNING", 1, Map.of(), 0, List.of(), List.of(), List.of(), quitBy);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                               | a's run | a quit by  | b's run | b quit by  | expected
            nobody quit                          | run1    |            | run1    |            |
            runner b's user code quit            | run1    |            | run1    | Buy.pay    | User code called quit() (Buy.pay) on runner b after 12 s of run run1; stopping every runner.
            both quit: the first by name wins    | run1    | Seed.check | run1    | Buy.pay    | User code called quit() (Seed.check) on runner a after 12 s of run run1; stopping every runner.
            a quit of another run does not count | run0    | Buy.pay    | run1    |            |
            """)
    void message(String name, String runA, String quitA, String runB, String quitB, String expected) {
        Map<String, StatsSnapshot> latest = new LinkedHashMap<>();
        latest.put("b", snapshot(runB, quitB));
        latest.put("a", snapshot(runA, quitA));
        assertThat(QuitSignals.message("run1", latest, 11.6)).isEqualTo(expected);
    }
}
