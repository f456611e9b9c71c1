package dev.loadtest.operator.run;

import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.Stage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StagedSpecsTest {

    private static LoadTestSpec staged() {
        LoadTestSpec spec = new LoadTestSpec();
        spec.setUsers(100);
        spec.setSpawnRate(4.0);
        spec.setStages(List.of(new Stage("1m", 20, 10.0), new Stage("30s", 0, null), new Stage("1m30s", 50, null)));
        return spec;
    }

    @ParameterizedTest(name = "at {0} s: {1} users at {2}/s, over={3}, next change in {4} s")
    @CsvSource({
            "0,    20, 10, false, 60",
            "59.9, 20, 10, false, 0.1",
            "60,    0,  4, false, 30",
            "90,   50,  4, false, 90",
            "179,  50,  4, false, 1",
            "180,  50,  4, true,  0",    // after the last stage: its target stays while the run stops
            "500,  50,  4, true,  0",
    })
    void theDispatchedSpecIsTheStageInForce(double t, int users, double rate, boolean over, double next) {
        LoadTestSpec spec = staged();
        LoadTestSpec at = StagedSpecs.at(spec, t);
        assertThat(at.getUsers()).isEqualTo(users);
        assertThat(at.getSpawnRate()).isEqualTo(rate);
        assertThat(StagedSpecs.over(spec, t)).isEqualTo(over);
        assertThat(StagedSpecs.secondsToNextChange(spec, t)).isCloseTo(next, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(spec.getUsers()).as("the spec itself is left alone").isEqualTo(100);
    }

    @ParameterizedTest(name = "runTime {0} -> runners stop at {1}")
    @CsvSource({"60, 60", "600, 180", ", 180"})
    void theRunnersSafetyNetIsTheSoonerOfRunTimeAndTheStagesEnd(Double runTime, double expected) {
        assertThat(StagedSpecs.runnerRunTime(staged(), runTime)).isEqualTo(expected);
    }

    @Test
    void withoutStagesNothingChanges() {
        LoadTestSpec spec = new LoadTestSpec();
        spec.setUsers(7);
        assertThat(StagedSpecs.at(spec, 1000)).isSameAs(spec);
        assertThat(StagedSpecs.over(spec, 1e9)).isFalse();
        assertThat(StagedSpecs.secondsToNextChange(spec, 0)).isNull();
        assertThat(StagedSpecs.runnerRunTime(spec, 60.0)).isEqualTo(60.0);
        assertThat(StagedSpecs.runnerRunTime(spec, null)).isNull();
    }
}
