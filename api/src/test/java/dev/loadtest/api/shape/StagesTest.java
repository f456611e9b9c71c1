package dev.loadtest.api.shape;

import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.api.v1alpha1.SpecValidation;
import dev.loadtest.api.v1alpha1.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StagesTest {

    /** Ramp to 10 users at 5/s for 30 s, spike to 50 at 25/s for 10 s, back to 10 (spec.spawnRate, 2) for 1m. */
    private static final List<Stage> SPIKE = List.of(new Stage("30s", 10, 5.0), new Stage("10s", 50, 25.0),
            new Stage("1m", 10, null));

    @ParameterizedTest(name = "at {0} s: {1} users at {2}/s")
    @CsvSource({
            "0,     10, 5",
            "29.99, 10, 5",
            "30,    50, 25",   // a stage begins at its start, inclusive
            "39.5,  50, 25",
            "40,    10, 2",    // no spawn rate in the stage: spec.spawnRate
            "99.9,  10, 2",
    })
    void theTargetIsTheStageInForceAtThatRunTime(double runTime, int users, double spawnRate) {
        assertThat(Stages.targetAt(SPIKE, 2, runTime)).isEqualTo(new Stages.Target(users, spawnRate));
    }

    @ParameterizedTest
    @CsvSource({"100", "100.5", "3600"})
    void afterTheLastStageTheRunEnds(double runTime) {
        assertThat(Stages.targetAt(SPIKE, 2, runTime)).isNull();
        assertThat(Stages.totalSeconds(SPIKE)).isEqualTo(100);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0s,10,       | spec.stages[0].duration must be more than zero, was '0s'",
            "soon,10,     | spec.stages[0].duration: 'soon' is not a timespan",
            ",10,         | spec.stages[0].duration is required",
            "1m,-1,       | spec.stages[0].users must be 0 or more, was -1",
            "1m,,         | spec.stages[0].users is required",
            "1m,5,0       | spec.stages[0].spawnRate must be more than zero, was 0.0",
    })
    void invalidStagesNameTheFieldAndTheFix(String stage, String error) {
        String[] f = Arrays.copyOf(stage.split(",", -1), 3);
        Stage s = new Stage(f[0].isBlank() ? null : f[0], f[1].isBlank() ? null : Integer.valueOf(f[1].trim()),
                f[2] == null || f[2].isBlank() ? null : Double.valueOf(f[2].trim()));
        LoadTestSpec spec = new LoadTestSpec();
        LoadfileSource lf = new LoadfileSource();
        lf.setInline(Map.of("A.java", "class A {}"));
        spec.setLoadfile(lf);
        spec.setStages(List.of(s));
        assertThat(SpecValidation.errors(spec)).singleElement().asString().startsWith(error.trim());
    }

    @Test
    void validStagesAndNoStagesHaveNoErrors() {
        assertThat(Stages.errors(SPIKE)).isEmpty();
        assertThat(Stages.errors(null)).isEmpty();
        assertThat(Stages.errors(List.of())).singleElement().asString().contains("spec.stages is empty");
    }
}
