package dev.loadtest.runner.e2e;

import dev.loadtest.ArrivalRate;
import dev.loadtest.HttpUser;
import dev.loadtest.Task;
import dev.loadtest.WaitTime;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.OpenModelStats;
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
 * The open model against the real sample target: the engine starts iterations at the asked rate whatever the target
 * does, counts the ones it cannot start, and records response times from each iteration's intended start.
 */
class OpenModelIT {

    /** One request per iteration; a long wait time that the open model must ignore. */
    static class Health extends HttpUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(60);
        }

        @Task
        void health() {
            client.get("/health");
        }
    }

    /** An endpoint that takes 200-400 ms; the loadfile asks for its own rate. */
    @ArrivalRate(20)
    static class Slow extends HttpUser {
        @Task
        void slow() {
            client.get("/api/slow");
        }
    }

    private static LoadfileModel model(Class<?> user) throws Exception {
        return LoadfileModel.of(new CompiledLoadfile("open-model", OpenModelIT.class.getClassLoader(),
                List.of(user)));
    }

    @Test
    void iterationsStartAtTheAskedRateAndEachIsServed() throws Exception {
        double rate = 50;
        try (SampleTarget target = SampleTarget.start(0, new SampleTarget.Config(0, 0, 0));
             Engine engine = new Engine(model(Health.class), "open-it")) {
            long before = System.nanoTime();
            engine.start(new StartCommand("run", target.baseUrl(), Map.of("Health", 100), 1, null, null, null, null, 5)
                    .withArrivalRate(rate));
            long after = System.nanoTime();
            // the schedule began between before and after; sample 6 s later
            Thread.sleep(6000);
            long sampleFrom = System.nanoTime();
            OpenModelStats open = engine.snapshot().openModel();
            long sampleTo = System.nanoTime();
            double earliest = rate * (sampleFrom - after) / 1e9;
            double latest = rate * (sampleTo - before) / 1e9 + 1;
            assertThat(open.arrivalRate()).isEqualTo(rate);
            // every iteration due by the sample has started, or is being started this instant: within 1%
            assertThat((double) open.iterations()).isBetween(earliest * 0.99, latest);
            assertThat((double) open.dropped()).isLessThanOrEqualTo(latest * 0.01);
            engine.stop();
            assertThat(engine.awaitStopped(Duration.ofSeconds(20))).isTrue();
            StatsSnapshot last = engine.snapshot();
            // each iteration sent its one request, and the users never waited their 60 s wait time
            assertThat(last.total().numRequests()).isEqualTo(last.openModel().iterations()).isEqualTo(target.served());
            assertThat(last.total().numFailures()).isZero();
            assertThat(last.userCount()).isZero();
            // on time, the corrected figures count every request once more, at least as long as the raw ones
            EndpointStats corrected = last.openModel().correctedTotal();
            assertThat(corrected.numRequests()).isEqualTo(last.total().numRequests());
            assertThat(corrected.percentileMs(0.5)).isGreaterThanOrEqualTo(last.total().percentileMs(0.5));
        }
    }

    @Test
    void aCeilingTooLowForTheRateDropsIterationsAndTheCorrectedTimesShowTheWait() throws Exception {
        try (SampleTarget target = SampleTarget.start(0, SampleTarget.Config.defaults());
             Engine engine = new Engine(model(Slow.class), "open-it")) {
            // no rate in the start: the loadfile's @ArrivalRate(20) applies; one user can do about 3.3 a second
            long before = System.nanoTime();
            engine.start(new StartCommand("run", target.baseUrl(), Map.of("Slow", 1), 1, null, null, null, null, 5));
            long after = System.nanoTime();
            Thread.sleep(5000);
            long stopping = System.nanoTime();
            engine.stop();
            long stopped = System.nanoTime();
            assertThat(engine.awaitStopped(Duration.ofSeconds(20))).isTrue();
            StatsSnapshot last = engine.snapshot();
            OpenModelStats open = last.openModel();
            assertThat(open.arrivalRate()).isEqualTo(20);
            assertThat(open.iterations()).isEqualTo(last.total().numRequests()).isEqualTo(target.served());
            assertThat(open.iterations()).isBetween(5L * 1000 / 400, 5L * 1000 / 200 + 1);
            // every iteration due by the stop either started or was dropped: none is lost from the count
            assertThat(open.iterations() + open.dropped()).isBetween((long) Math.floor(20 * (stopping - after) / 1e9) + 1,
                    (long) Math.floor(20 * (stopped - before) / 1e9) + 1);
            assertThat(open.dropped()).isGreaterThan(40);
            // the raw times are the endpoint's 200-400 ms; counted from the schedule, users waited up to a second more
            EndpointStats raw = last.total();
            EndpointStats corrected = open.correctedTotal();
            assertThat(raw.percentileMs(0.9)).isLessThan(500);
            assertThat(corrected.percentileMs(0.9)).isGreaterThan(900);
            assertThat(corrected.maxResponseTimeMs()).isLessThan(1000 + 400 + 200);
        }
    }
}
