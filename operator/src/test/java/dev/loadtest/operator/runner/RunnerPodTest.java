package dev.loadtest.operator.runner;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunnerPodTest {

    private static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata();
    }

    @Test
    void aReadyRunnerHasAnAddress() {
        Pod p = pod("lt-abc-x1").withNewStatus().withPhase("Running").withPodIP("127.0.0.3")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
        RunnerPod r = RunnerPod.of(p);
        assertThat(r.ready()).isTrue();
        assertThat(r.failed()).isFalse();
        assertThat(r.exited()).isFalse();
        assertThat(r.baseUrl(8089)).isEqualTo("http://127.0.0.3:8089");
    }

    @Test
    void aLoadfileThatDoesNotCompileIsRecognisedByItsTerminationMessage() {
        Pod p = pod("lt-abc-x1").withNewStatus().withPhase("Failed").addNewContainerStatus().withName("runner")
                .withNewState().withNewTerminated().withExitCode(1)
                .withMessage("ShopUser.java:12: cannot find symbol\n  symbol: method gett(String)").endTerminated()
                .endState().endContainerStatus().endStatus().build();
        RunnerPod r = RunnerPod.of(p);
        assertThat(r.failed()).isTrue();
        assertThat(r.exited()).isTrue();
        assertThat(r.ready()).isFalse();
        assertThat(r.loadfileInvalid()).isTrue();
        assertThat(r.terminationMessage()).startsWith("ShopUser.java:12: cannot find symbol");
    }

    @Test
    void otherFailuresAreNotBlamedOnTheLoadfile() {
        Pod p = pod("lt-abc-x1").withNewStatus().withPhase("Failed").addNewContainerStatus().withName("runner")
                .withNewState().withNewTerminated().withExitCode(137).withReason("OOMKilled").endTerminated()
                .endState().endContainerStatus().endStatus().build();
        assertThat(RunnerPod.of(p).failed()).isTrue();
        assertThat(RunnerPod.of(p).loadfileInvalid()).isFalse();
    }

    @Test
    void aRunnerThatQuitIsExitedNotFailed() {
        Pod p = pod("lt-abc-x1").withNewStatus().withPhase("Succeeded").endStatus().build();
        assertThat(RunnerPod.of(p).exited()).isTrue();
        assertThat(RunnerPod.of(p).failed()).isFalse();
    }

    @Test
    void runnersAreOrderedByNameAndTerminatingOnesLeftOut() {
        Pod b = pod("lt-b").build();
        Pod a = pod("lt-a").build();
        Pod gone = pod("lt-0").editMetadata().withDeletionTimestamp("2026-11-26T10:00:00Z").endMetadata().build();
        assertThat(RunnerPod.of(List.of(b, gone, a))).extracting(RunnerPod::name).containsExactly("lt-a", "lt-b");
    }
}
