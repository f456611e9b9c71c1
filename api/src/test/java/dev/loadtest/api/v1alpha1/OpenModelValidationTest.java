package dev.loadtest.api.v1alpha1;

import dev.loadtest.api.shape.Stages;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpenModelValidationTest {

    private static LoadTestSpec spec(Integer users, Double arrivalRate, List<Stage> stages) {
        LoadTestSpec spec = new LoadTestSpec();
        spec.setUsers(users);
        spec.setArrivalRate(arrivalRate);
        spec.setStages(stages);
        LoadfileSource loadfile = new LoadfileSource();
        loadfile.setInline(Map.of("ShopUser.java", "public class ShopUser {}"));
        spec.setLoadfile(loadfile);
        return spec;
    }

    @Test
    void aRateWithACeilingIsValid() {
        assertThat(SpecValidation.errors(spec(50, 200.0, null))).isEmpty();
        assertThat(SpecValidation.errors(spec(0, 0.0, null))).isEmpty();
    }

    @Test
    void aRateNeedsAtLeastOneUserAsItsCeiling() {
        assertThat(SpecValidation.errors(spec(0, 10.0, null))).singleElement().asString()
                .startsWith("spec.users is the ceiling of concurrent users with spec.arrivalRate").contains("users: 50");
    }

    @Test
    void aNegativeOrInfiniteRateIsRefused() {
        assertThat(SpecValidation.errors(spec(5, Double.POSITIVE_INFINITY, null))).singleElement().asString()
                .isEqualTo("spec.arrivalRate must be 0 or more iterations per second, was Infinity");
    }

    @Test
    void onceOneStageIsOpenEveryStageNeedsARate() {
        List<Stage> stages = List.of(new Stage("10s", 5, null, 100.0), new Stage("10s", 5, null));
        assertThat(SpecValidation.errors(spec(1, null, stages))).singleElement().asString()
                .startsWith("spec.stages[1].arrivalRate is required");
        assertThat(SpecValidation.errors(spec(1, 50.0, stages))).isEmpty();
    }

    @Test
    void anOpenStageNeedsACeiling() {
        List<Stage> stages = List.of(new Stage("10s", 0, null, 100.0));
        assertThat(SpecValidation.errors(spec(1, null, stages))).singleElement().asString()
                .startsWith("spec.stages[0].users is the ceiling");
    }

    @Test
    void aStageWithoutItsOwnRateTakesTheSpecsRate() {
        List<Stage> stages = List.of(new Stage("10s", 5, null, 100.0), new Stage("10s", 8, null));
        assertThat(Stages.targetAt(stages, 1, 40.0, 5)).isEqualTo(new Stages.Target(5, 1, 100.0));
        assertThat(Stages.targetAt(stages, 1, 40.0, 15)).isEqualTo(new Stages.Target(8, 1, 40.0));
        assertThat(Stages.targetAt(stages, 1, 15)).isEqualTo(new Stages.Target(8, 1, null));
    }
}
