package dev.loadtest.runner.engine;

import dev.loadtest.FixedCount;
import dev.loadtest.InterruptTaskSet;
import dev.loadtest.OnTestStart;
import dev.loadtest.OnTestStop;
import dev.loadtest.StopUser;
import dev.loadtest.Task;
import dev.loadtest.TaskSet;
import dev.loadtest.TestContext;
import dev.loadtest.User;
import dev.loadtest.WaitTime;
import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.runner.loadfile.CompiledLoadfile;
import dev.loadtest.runner.loadfile.LoadfileException;
import dev.loadtest.runner.loadfile.LoadfileModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

class EngineTest {

    static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    static void count(String what) {
        COUNTS.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    static int counted(String what) {
        AtomicInteger n = COUNTS.get(what);
        return n == null ? 0 : n.get();
    }

    @BeforeEach
    void reset() {
        COUNTS.clear();
    }

    static class Ratio extends User {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(0.001);
        }

        @Override
        protected void onStart() {
            count("start");
        }

        @Override
        protected void onStop() {
            count("stop");
        }

        @Task(1)
        void one() {
            count("one");
            events().request("custom", "one", 1.0, 10, null);
        }

        @Task(4)
        void four() {
            count("four");
            events().request("custom", "four", 2.0, 20, null);
        }

        @OnTestStart
        static void begin(TestContext ctx) {
            count("testStart:" + ctx.runId());
        }

        @OnTestStop
        static void end() {
            count("testStop");
        }
    }

    static class Sleeper extends User {
        @Task
        void longTask() throws InterruptedException {
            count("begun");
            Thread.sleep(600);
            count("finished");
        }
    }

    static class Nesting extends User {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(0.001);
        }

        @Task
        static class Inner extends TaskSet {
            @Override
            protected void onStop() {
                count("innerStop");
            }

            @Task
            void once() {
                count("inner");
                interrupt();
            }
        }
    }

    /** Stays inside a task set (busy or waiting) until stopped. */
    static class Resident extends User {
        static final List<String> ORDER = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        protected void onStop() {
            ORDER.add("user");
        }

        @Task
        static class Busy extends TaskSet {
            @Override
            protected WaitTime waitTime() {
                return WaitTime.constant(60);
            }

            @Override
            protected void onStop() {
                ORDER.add("set");
            }

            @Task
            void work() throws InterruptedException {
                count("working");
                Thread.sleep(400);
            }
        }
    }

    static class Quitter extends User {
        @Task
        void quit() {
            count("quit");
            throw new StopUser();
        }
    }

    static class Thrower extends User {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(0.01);
        }

        @Task
        void boom() {
            throw new IllegalStateException("boom");
        }
    }

    @FixedCount(1)
    static class Admin extends User {
        @Task
        void idle() throws InterruptedException {
            Thread.sleep(50);
        }
    }

    static class Idle extends User {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(60);
        }

        @Task
        void idle() {
            count("idle");
        }
    }

    private static Engine engine(Class<?>... classes) throws LoadfileException {
        return new Engine(LoadfileModel.of(new CompiledLoadfile("test", EngineTest.class.getClassLoader(),
                List.of(classes))), "test-runner");
    }

    private static StartCommand start(String run, Map<String, Integer> counts, double rate, double stopTimeout) {
        return new StartCommand(run, null, counts, rate, null, null, null, null, stopTimeout);
    }

    @Test
    void runsTasksInProportionToWeightsWithLifecycleHooks() throws Exception {
        try (Engine e = engine(Ratio.class)) {
            e.start(start("r1", Map.of("Ratio", 10), 100, 0));
            // a sample size, not a time window: 3000 picks put 0.04 at 5.5 standard deviations of the share,
            // however slowly a loaded machine runs the users
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> counted("one") + counted("four") >= 3000);
            e.stop();
            assertThat(e.awaitStopped(Duration.ofSeconds(10))).isTrue();
            double share = counted("four") / (double) (counted("one") + counted("four"));
            assertThat(share).isCloseTo(0.8, within(0.04));
            assertThat(counted("start")).isEqualTo(10);
            assertThat(counted("stop")).isEqualTo(10);
            assertThat(counted("testStart:r1")).isEqualTo(1);
            assertThat(counted("testStop")).isEqualTo(1);
            StatsSnapshot s = e.snapshot();
            assertThat(s.total().numRequests()).isEqualTo(counted("one") + counted("four"));
            assertThat(e.state()).isEqualTo(RunnerState.STOPPED);
        }
    }

    @Test
    void spawnsInBatchesOfTheRateEverySecond() throws Exception {
        try (Engine e = engine(Idle.class)) {
            long t0 = System.nanoTime();
            e.start(start("r", Map.of("Idle", 12), 4, 0));
            Thread.sleep(300);
            assertThat(e.userCount()).isEqualTo(4); // the first batch is immediate
            Thread.sleep(1000);
            assertThat(e.userCount()).isEqualTo(8);
            while (e.state() != RunnerState.RUNNING && System.nanoTime() - t0 < 5e9) {
                Thread.sleep(10);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(e.userCount()).isEqualTo(12);
            assertThat(seconds).isBetween(1.9, 2.8); // batches at 0, 1 and 2 s
        }
    }

    @Test
    void retargetingARunningRunRampsDownNewestFirstWithoutRestart() throws Exception {
        try (Engine e = engine(Idle.class, Admin.class)) {
            e.start(start("r", Map.of("Admin", 1, "Idle", 9), 100, 0));
            Thread.sleep(300);
            assertThat(e.userClassCounts()).isEqualTo(Map.of("Admin", 1, "Idle", 9));
            e.start(start("r", Map.of("Admin", 1, "Idle", 3), 100, 0));
            Thread.sleep(300);
            assertThat(e.userClassCounts()).isEqualTo(Map.of("Admin", 1, "Idle", 3));
            assertThat(e.runId()).isEqualTo("r");
            assertThat(counted("idle")).isEqualTo(9); // nobody was restarted
        }
    }

    @Test
    void stopTimeoutZeroKillsRunningTasksAtOnce() throws Exception {
        try (Engine e = engine(Sleeper.class)) {
            e.start(start("r", Map.of("Sleeper", 3), 100, 0));
            Thread.sleep(200);
            long t0 = System.nanoTime();
            e.stop();
            assertThat(e.awaitStopped(Duration.ofSeconds(5))).isTrue();
            assertThat((System.nanoTime() - t0) / 1e6).isLessThan(300);
            assertThat(counted("begun")).isEqualTo(3);
            assertThat(counted("finished")).isZero();
        }
    }

    @Test
    void stopTimeoutLetsRunningTasksFinish() throws Exception {
        try (Engine e = engine(Sleeper.class)) {
            e.start(start("r", Map.of("Sleeper", 3), 100, 5));
            Thread.sleep(200);
            e.stop();
            assertThat(e.awaitStopped(Duration.ofSeconds(5))).isTrue();
            assertThat(counted("begun")).isEqualTo(3);
            assertThat(counted("finished")).isEqualTo(3);
        }
    }

    @Test
    void aStopTimeoutShorterThanTheTaskKillsItWhenItRunsOut() throws Exception {
        try (Engine e = engine(Sleeper.class)) {
            e.start(start("r", Map.of("Sleeper", 2), 100, 0.1));
            Thread.sleep(100);
            long t0 = System.nanoTime();
            e.stop();
            assertThat(e.awaitStopped(Duration.ofSeconds(5))).isTrue();
            assertThat((System.nanoTime() - t0) / 1e6).isBetween(90.0, 400.0);
            assertThat(counted("finished")).isZero();
        }
    }

    @Test
    void interruptingATaskSetRunsItsOnStopAndReturnsToTheUser() throws Exception {
        try (Engine e = engine(Nesting.class)) {
            e.start(start("r", Map.of("Nesting", 1), 10, 0));
            Thread.sleep(300);
            e.stop();
            e.awaitStopped(Duration.ofSeconds(5));
            assertThat(counted("inner")).isGreaterThan(5);
            // every entered set stops once: by its interrupt, or (the last one, possibly entered but not yet run)
            // by the user's stop
            assertThat(counted("innerStop")).isBetween(counted("inner"), counted("inner") + 1);
        }
    }

    @Test
    void aUserStoppedInsideATaskSetRunsTheTaskSetsOnStopThenItsOwn() throws Exception {
        // mid-task and killed, mid-task and allowed to finish, and waiting inside the set (Locust's TaskSet.run
        // calls on_stop on StopUser/GreenletExit, then the user's on_stop runs)
        record Case(double stopTimeout, long stopAfterMillis) {
        }
        for (Case c : List.of(new Case(0, 200), new Case(5, 200), new Case(0, 700))) {
            Resident.ORDER.clear();
            try (Engine e = engine(Resident.class)) {
                e.start(start("r", Map.of("Resident", 1), 100, c.stopTimeout()));
                Thread.sleep(c.stopAfterMillis());
                e.stop();
                assertThat(e.awaitStopped(Duration.ofSeconds(5))).isTrue();
            }
            assertThat(Resident.ORDER).as("%s", c).containsExactly("set", "user");
        }
    }

    @Test
    void stopUserEndsOnlyThatUser() throws Exception {
        try (Engine e = engine(Quitter.class)) {
            e.start(start("r", Map.of("Quitter", 3), 100, 0));
            Thread.sleep(300);
            assertThat(counted("quit")).isEqualTo(3);
            assertThat(e.userCount()).isZero();
        }
    }

    @Test
    void exceptionsFromTasksAreCountedByTracebackAndTheUserGoesOn() throws Exception {
        try (Engine e = engine(Thrower.class)) {
            e.start(start("r", Map.of("Thrower", 2), 100, 0));
            // until a dozen have been thrown (about 0.1 s; much longer on a busy machine), not a fixed sleep
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (e.snapshot().totalExceptions() <= 10 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            StatsSnapshot s = e.snapshot();
            assertThat(s.exceptions()).singleElement().satisfies(x -> {
                assertThat(x.count()).isGreaterThan(10);
                assertThat(x.message()).isEqualTo("boom");
                assertThat(x.traceback()).startsWith("java.lang.IllegalStateException: boom")
                        .contains("EngineTest$Thrower.boom").doesNotContain("jdk.internal.reflect");
                assertThat(x.nodes()).containsExactly("test-runner");
            });
            assertThat(e.userCount()).isEqualTo(2);
        }
    }

    @Test
    void aUserClassWithoutTasksAfterTagFilteringIsAnError() throws Exception {
        try (Engine e = engine(Ratio.class)) {
            StartCommand tagged = new StartCommand("r", null, Map.of("Ratio", 1), 1, List.of("nope"), null, null, null, 0);
            assertThatThrownBy(() -> e.start(tagged)).isInstanceOf(LoadfileException.class)
                    .hasMessageStartingWith("No tasks defined on Ratio after filtering with --tags nope");
            assertThat(e.state()).isEqualTo(RunnerState.READY);
        }
    }

    @Test
    void runTimeStopsTheRunByItself() throws Exception {
        try (Engine e = engine(Idle.class)) {
            e.start(new StartCommand("r", null, Map.of("Idle", 2), 100, null, null, null, 0.5, 0));
            assertThat(e.awaitStopped(Duration.ofSeconds(5))).isTrue();
            assertThat(e.state()).isEqualTo(RunnerState.STOPPED);
        }
    }

    @Test
    void anHttpUserWithoutAnyHostIsRejectedBeforeAnyLoad() throws Exception {
        try (Engine e = engine(NoHost.class)) {
            assertThatThrownBy(() -> e.start(start("r", Map.of("NoHost", 1), 1, 0)))
                    .hasMessageContaining("You must specify the base host").hasMessageContaining("-H/--host");
        }
    }

    static class NoHost extends dev.loadtest.HttpUser {
        @Task
        void get() {
            client.get("/");
        }
    }
}
