package dev.loadtest.operator.run;

import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.control.UserClassInfo;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.Stage;
import dev.loadtest.operator.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator's part of the open model: each runner's share of the arrival rate, and the stages' rates. */
class OpenModelStartCommandsTest {

    private static final List<UserClassInfo> CLASSES = List.of(new UserClassInfo("Shop", 1, 0));

    @Test
    void theArrivalRateIsSplitOverTheRunnersLikeTheirCeilings() {
        LoadTestSpec spec = Fixtures.loadTest("a").getSpec();
        spec.setUsers(3);
        spec.setArrivalRate(300.0);
        List<StartCommand> commands = StartCommands.forRunners("abc123", spec, CLASSES, 2);
        assertThat(commands).extracting(StartCommand::users).containsExactly(2, 1);
        assertThat(commands).extracting(StartCommand::arrivalRate).containsExactly(200.0, 100.0);
        assertThat(commands).allMatch(StartCommand::openModel);
    }

    @Test
    void withoutARateTheRunnersRunTheClosedModel() {
        LoadTestSpec spec = Fixtures.loadTest("a").getSpec();
        assertThat(StartCommands.forRunners("abc123", spec, CLASSES, 2)).noneMatch(StartCommand::openModel);
    }

    @Test
    void eachStageDispatchesItsOwnRateOrTheSpecs() {
        LoadTestSpec spec = Fixtures.loadTest("a").getSpec();
        spec.setArrivalRate(40.0);
        spec.setStages(List.of(new Stage("10s", 4, null, 100.0), new Stage("10s", 8, null)));
        LoadTestSpec first = StagedSpecs.at(spec, 5);
        assertThat(first.getUsers()).isEqualTo(4);
        assertThat(first.getArrivalRate()).isEqualTo(100.0);
        assertThat(StagedSpecs.at(spec, 15).getArrivalRate()).isEqualTo(40.0);
        assertThat(StartCommands.forRunners("abc123", StagedSpecs.at(spec, 15), CLASSES, 2))
                .extracting(StartCommand::arrivalRate).containsExactly(20.0, 20.0);
    }
}
