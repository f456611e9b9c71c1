package dev.loadtest.operator.run;

import dev.loadtest.api.HttpVersion;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.control.UserClassInfo;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.ThresholdResult;
import dev.loadtest.operator.Fixtures;
import dev.loadtest.operator.status.Phase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StartCommandsTest {

    private static final List<UserClassInfo> CLASSES = List.of(new UserClassInfo("Browser", 3, 0),
            new UserClassInfo("Buyer", 1, 0), new UserClassInfo("Admin", 1, 1));

    @Test
    void usersAndSpawnRateAreSplitWithoutLoss() {
        LoadTestSpec spec = Fixtures.loadTest("a").getSpec();
        spec.setUsers(10);
        spec.setSpawnRate(2.0);
        List<StartCommand> commands = StartCommands.forRunners("abc123", spec, CLASSES, 3);
        assertThat(commands).hasSize(3);
        assertThat(commands.stream().mapToInt(StartCommand::users).sum()).isEqualTo(10);
        assertThat(commands).extracting(StartCommand::users).containsExactly(4, 3, 3);
        assertThat(commands.stream().mapToDouble(StartCommand::spawnRate).sum()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(commands.stream().mapToInt(c -> c.userClassCounts().get("Admin")).sum()).as("fixed count").isEqualTo(1);
        StartCommand first = commands.getFirst();
        assertThat(first.runId()).isEqualTo("abc123");
        assertThat(first.host()).isEqualTo(spec.getHost());
        assertThat(first.runTimeSeconds()).isEqualTo(60.0);
        assertThat(first.httpVersion()).as("the default").isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(first.insecure()).isFalse();
    }

    @Test
    void eachRunnerIsToldItsIndexAndTheRunnerCount() {
        LoadTestSpec spec = Fixtures.loadTest("a").getSpec();
        List<StartCommand> commands = StartCommands.forRunners("abc123", spec, CLASSES, 3);
        assertThat(commands).extracting(StartCommand::runnerIndex).containsExactly(0, 1, 2);
        assertThat(commands).extracting(StartCommand::runnerCount).containsOnly(3);
    }

    @Test
    void theTransportSettingsReachEveryRunner() {
        LoadTestSpec spec = Fixtures.loadTest("a").getSpec();
        spec.setHttpVersion("2");
        spec.setInsecureSkipTlsVerify(true);
        assertThat(StartCommands.forRunners("abc123", spec, CLASSES, 2)).allSatisfy(c -> {
            assertThat(c.httpVersion()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(c.insecure()).isTrue();
        });
    }

    @Test
    void userClassesOfTheSpecSelectAndMissingOnesAreNamed() {
        LoadTestSpec spec = Fixtures.loadTest("a").getSpec();
        spec.setUserClasses(List.of("Buyer"));
        assertThat(StartCommands.missingClasses(spec, CLASSES)).isNull();
        List<StartCommand> commands = StartCommands.forRunners("abc123", spec, CLASSES, 2);
        assertThat(commands.getFirst().userClassCounts()).containsOnlyKeys("Buyer");
        spec.setUserClasses(List.of("Buyer", "Ghost"));
        assertThat(StartCommands.missingClasses(spec, CLASSES)).contains("[Ghost]").contains("Admin, Browser, Buyer");
    }

    @Test
    void verdicts() {
        ThresholdResult met = new ThresholdResult();
        met.setMet(true);
        ThresholdResult notMet = new ThresholdResult();
        notMet.setMet(false);
        notMet.setMessage("p95 of Aggregated = 412 ms, not below 300");
        assertThat(Verdicts.decide("Stopping", null, List.of(met), "r", 100).phase()).isEqualTo(Phase.Succeeded);
        Verdicts.Verdict failed = Verdicts.decide("Stopping", null, List.of(met, notMet), "r", 100);
        assertThat(failed.phase()).isEqualTo(Phase.Failed);
        assertThat(failed.reason()).isEqualTo("ThresholdsNotMet");
        assertThat(failed.message()).contains("p95 of Aggregated = 412 ms, not below 300");
        Verdicts.Verdict runner = Verdicts.decide("RunnerFailed", "Runner pod x failed", List.of(met), "r", 100);
        assertThat(runner.reason()).isEqualTo("RunnerFailed");
        assertThat(runner.message()).isEqualTo("Runner pod x failed");
    }
}
