package dev.loadtest.runner.e2e;

import dev.loadtest.FastHttpUser;
import dev.loadtest.Task;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.runner.engine.Engine;
import dev.loadtest.runner.loadfile.CompiledLoadfile;
import dev.loadtest.runner.loadfile.LoadfileModel;
import dev.loadtest.runner.target.SampleTarget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many FastHttpUsers without a wait time against the real sample target, as the CPU benchmark runs them: users yield
 * their carrier between sending and reading, and the statistics still count exactly what the target served.
 */
class FastHttpUserCountIT {

    /** One GET per task, no wait: the benchmark's user. */
    public static class Busy extends FastHttpUser {
        @Task
        void health() {
            client.get("/health");
        }
    }

    @Test
    void fiftyBusyUsersAreCountedExactlyAsTheTargetServedThem() throws Exception {
        try (SampleTarget target = SampleTarget.start(0, new SampleTarget.Config(0, 0, 0));
             Engine engine = new Engine(LoadfileModel.of(new CompiledLoadfile("fast-count",
                     FastHttpUserCountIT.class.getClassLoader(), List.of(Busy.class))), "fast-count-it")) {
            engine.start(new StartCommand("run", target.baseUrl(), Map.of("Busy", 50), 50, null, null, null, 3.0, 5));
            assertThat(engine.awaitStopped(Duration.ofSeconds(30))).isTrue();
            StatsSnapshot last = engine.snapshot();
            assertThat(last.total().numFailures()).isZero();
            assertThat(last.total().numRequests()).isGreaterThan(100).isEqualTo(target.served());
            assertThat(last.entries()).singleElement()
                    .satisfies(e -> assertThat(e.numRequests()).isEqualTo(target.served()));
        }
    }
}
