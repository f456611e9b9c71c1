package dev.loadtest.operator.run;

import dev.loadtest.api.control.ControlProtocol;
import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.ShapeAnswer;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.control.UserClassInfo;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.Stage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A shape's answer turned into what every runner runs, as spec.users and spec.stages are. */
class ShapeFollowingTest {

    private static final List<UserClassInfo> CLASSES = List.of(new UserClassInfo("Browse", 3, 0),
            new UserClassInfo("Buy", 1, 0));

    private static LoadTestSpec spec() {
        LoadTestSpec spec = new LoadTestSpec();
        spec.setUsers(100);
        spec.setSpawnRate(50.0);
        spec.setRunTime("10m");
        spec.setRunners(3);
        spec.setHost("http://shop:8080");
        spec.setStages(List.of(new Stage("1m", 40, null)));
        return spec;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                           | stop  | users | rate | failure          | unreachable | action   | per-runner users | per-runner rates
            a target on 3 runners            | false | 10    | 3    |                  |             | DISPATCH | 4 3 3            | 1.2 0.9 0.9
            more runners than users          | false | 2     | 1    |                  |             | DISPATCH | 1 1 0            | 0.5 0.5 0
            zero users: ramp down, run goes on | false | 0   | 5    |                  |             | DISPATCH | 0 0 0            | 1.6666666667 1.6666666667 1.6666666667
            null from tick() stops           | true  | 0     | 0    |                  |             | STOP     |                  |
            a throwing tick() fails the run  | false | 0     | 0    | boom at 3 s      |             | FAIL     |                  |
            runner 0 not answering: wait     | false | 0     | 0    |                  | timed out   | WAIT     |                  |
            """)
    void decides(String name, boolean stop, int users, double rate, String failure, String unreachable,
                 ShapeFollowing.Action action, String perRunnerUsers, String perRunnerRates) {
        ShapeAnswer answer = failure != null || unreachable != null ? null
                : stop ? ShapeAnswer.stop("Steps") : ShapeAnswer.target("Steps", users, rate);
        ShapeFollowing.Decision d = ShapeFollowing.decide(spec(), answer, failure, unreachable, "run1", 3.2);
        assertThat(d.action()).isEqualTo(action);
        if (action != ShapeFollowing.Action.DISPATCH) {
            assertThat(d.spec()).isNull();
            assertThat(d.message()).isNotBlank();
            return;
        }
        List<StartCommand> commands = StartCommands.forRunners("run1", d.spec(), CLASSES, 3);
        assertThat(commands).extracting(StartCommand::users)
                .containsExactlyElementsOf(Arrays.stream(perRunnerUsers.split(" ")).map(Integer::valueOf).toList());
        assertThat(commands).extracting(StartCommand::spawnRate).usingElementComparator((a, b) ->
                        Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b))
                .containsExactlyElementsOf(Arrays.stream(perRunnerRates.split(" ")).map(Double::valueOf).toList());
        assertThat(commands).allSatisfy(c -> {
            assertThat(c.runTimeSeconds()).as("the shape ends the run, not a safety net").isNull();
            assertThat(c.host()).isEqualTo("http://shop:8080");
        });
        assertThat(d.spec().getStages()).as("spec.stages is ignored while a shape is followed").isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                             | shape | protocol | follows
            a shape on a protocol-2 runner     | Steps | 2        | true
            a shape on a runner of no version  | Steps |          | false
            a shape on a protocol-1 runner     | Steps | 1        | false
            no shape                           |       | 2        | false
            """)
    void followsOnlyAShapeItCanAsk(String name, String shape, Integer protocol, boolean follows) {
        RunnerInfo info = new RunnerInfo("r0", "i", RunnerState.READY, null, CLASSES, List.of(), List.of(), shape,
                protocol, false);
        assertThat(ShapeFollowing.follows(info)).isEqualTo(follows);
        assertThat(ControlProtocol.of(info)).isEqualTo(protocol == null ? 1 : protocol);
    }

    @org.junit.jupiter.api.Test
    void messagesSayWhatHappenedAndTheFix() {
        assertThat(ShapeFollowing.decide(spec(), ShapeAnswer.stop("Steps"), null, null, "run1", 59.6).message())
                .isEqualTo("The loadfile's LoadShape Steps returned null after 60 s; stopping the runners.");
        assertThat(ShapeFollowing.decide(spec(), null, "Steps.tick() failed at 4 s: java.lang.ArithmeticException",
                null, "run1", 4).message()).isEqualTo("The loadfile's LoadShape failed in run run1 after 4 s:"
                + " Steps.tick() failed at 4 s: java.lang.ArithmeticException. Fix its tick(), then start a new run.");
    }
}
