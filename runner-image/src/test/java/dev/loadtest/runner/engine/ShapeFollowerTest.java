package dev.loadtest.runner.engine;

import dev.loadtest.LoadShape;
import dev.loadtest.Task;
import dev.loadtest.User;
import dev.loadtest.WaitTime;
import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.runner.loadfile.CompiledLoadfile;
import dev.loadtest.runner.loadfile.LoadfileException;
import dev.loadtest.runner.loadfile.LoadfileModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ShapeFollowerTest {

    public static class Idle extends User {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(0.05);
        }

        @Task
        void nothing() {
        }
    }

    /** Locust's step shape: +4 users every 10 s up to 12, then down to 2, stop at 40 s. */
    public static class Steps extends LoadShape {
        final List<Integer> seen = new ArrayList<>();

        @Override
        public Target tick() {
            seen.add(getCurrentUserCount());
            double t = getRunTime();
            if (t >= 40) {
                return null;
            }
            return t < 30 ? new Target(4 * (1 + (int) (t / 10)), 100) : new Target(2, 100);
        }
    }

    private static Engine engine() throws LoadfileException {
        return new Engine(LoadfileModel.of(new CompiledLoadfile("shape", ShapeFollowerTest.class.getClassLoader(),
                List.of(Idle.class))), "r0");
    }

    private static StartCommand base() {
        return new StartCommand("shape-run", null, Map.of(), 1, null, null, null, null, 0);
    }

    @Test
    void theUserCountFollowsAStepShapeSecondBySecondAndTheShapeStopsTheTest() throws Exception {
        // The run time is an injected clock stepped one second per tick, so the test takes as long as the
        // ramps do, not 40 s. A spawn rate of 100 reaches each step in a single batch: after each tick the
        // count must equal the curve exactly (no tolerance), awaited for at most 5 s of real time.
        AtomicReference<Double> clock = new AtomicReference<>(0.0);
        Steps shape = new Steps();
        try (Engine engine = engine()) {
            ShapeFollower follower = new ShapeFollower(engine, base(), ShapeFollower.of(shape, clock::get, engine),
                    clock::get);
            assertThat(follower.start(Engine.RunLimits.NONE)).isTrue();
            List<Integer> sampled = new ArrayList<>();
            List<Integer> curve = new ArrayList<>();
            for (int t = 0; t < 40; t++) {
                clock.set((double) t);
                if (t > 0) {
                    assertThat(follower.tick()).as("the shape runs at %d s", t).isTrue();
                }
                int expected = t < 30 ? 4 * (1 + t / 10) : 2;
                await().atMost(Duration.ofSeconds(5)).until(() -> engine.userCount() == expected);
                curve.add(expected);
                sampled.add(engine.userCount());
            }
            assertThat(sampled).isEqualTo(curve);
            // the shape saw the users of the previous second: 4 at 10 s, 8 at 20 s, 12 at 30 s
            assertThat(shape.seen.get(10)).isEqualTo(4);
            assertThat(shape.seen.get(20)).isEqualTo(8);
            assertThat(shape.seen.get(30)).isEqualTo(12);

            clock.set(40.0);
            assertThat(follower.tick()).as("tick() returned null at 40 s").isFalse();
            assertThat(engine.awaitStopped(Duration.ofSeconds(10))).isTrue();
            assertThat(engine.state()).isEqualTo(RunnerState.STOPPED);
        }
    }

    /** Ramps from 0 to 6 users at 2 a second. */
    public static class Ramp extends LoadShape {
        @Override
        public Target tick() {
            return new Target(6, 2);
        }
    }

    @Test
    void aShapesSpawnRateRampsTheUsersAtThatRate() throws Exception {
        // 6 users at 2/s: Locust's batches of floor(2) users every 1 s, so 2, 4, 6 at about 0, 1 and 2 s.
        // Sampled with real time since the ramp is the engine's: the full count is not there before 1.5 s
        // (two batch intervals minus scheduling slack) and is there within 10 s on a loaded machine.
        AtomicReference<Double> clock = new AtomicReference<>(0.0);
        try (Engine engine = engine()) {
            ShapeFollower follower = new ShapeFollower(engine, base(), ShapeFollower.of(new Ramp(), clock::get, engine),
                    clock::get);
            long t0 = System.nanoTime();
            follower.start(Engine.RunLimits.NONE);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.userCount() == 6);
            assertThat((System.nanoTime() - t0) / 1e9).isGreaterThanOrEqualTo(1.5);
        }
    }

    public static class Broken extends LoadShape {
        @Override
        public Target tick() {
            throw new IllegalStateException("no curve");
        }
    }

    @Test
    void aShapeThatFailsNamesItselfAndStartsNothing() throws Exception {
        try (Engine engine = engine()) {
            ShapeFollower follower = new ShapeFollower(engine, base(),
                    ShapeFollower.of(new Broken(), () -> 0, engine), () -> 0);
            assertThatThrownBy(() -> follower.start(Engine.RunLimits.NONE)).isInstanceOf(LoadfileException.class)
                    .hasMessageContaining("Broken.tick() failed").hasMessageContaining("no curve");
            assertThat(engine.state()).isEqualTo(RunnerState.READY);
        }
    }

    @Test
    void aTargetRejectsNegativeUsersAndANonPositiveRate() {
        assertThatThrownBy(() -> new LoadShape.Target(-1, 1)).hasMessageContaining("users must be >= 0");
        assertThatThrownBy(() -> new LoadShape.Target(1, 0)).hasMessageContaining("spawnRate must be a positive");
    }

    @Test
    void theUserCountFollowsManifestStagesAndTheRunEndsAfterTheLast() throws Exception {
        // spec.stages as a manifest gives them: 3 users for 5 s, 7 for 3 s, 0 for 2 s (a pause), 1 for 2 s;
        // sampled every second of an injected clock, exactly (rate 100: one batch per change)
        List<dev.loadtest.api.v1alpha1.Stage> stages = List.of(
                new dev.loadtest.api.v1alpha1.Stage("5s", 3, 100.0), new dev.loadtest.api.v1alpha1.Stage("3s", 7, null),
                new dev.loadtest.api.v1alpha1.Stage("2s", 0, null), new dev.loadtest.api.v1alpha1.Stage("2s", 1, null));
        int[] curve = {3, 3, 3, 3, 3, 7, 7, 7, 0, 0, 1, 1};
        AtomicReference<Double> clock = new AtomicReference<>(0.0);
        try (Engine engine = engine()) {
            ShapeFollower follower = new ShapeFollower(engine, base(), ShapeFollower.of(stages, 100), clock::get);
            assertThat(follower.start(Engine.RunLimits.NONE)).isTrue();
            for (int t = 0; t < curve.length; t++) {
                clock.set((double) t);
                if (t > 0) {
                    assertThat(follower.tick()).isTrue();
                }
                int expected = curve[t];
                await().atMost(Duration.ofSeconds(5)).until(() -> engine.userCount() == expected);
            }
            clock.set(12.0);
            assertThat(follower.tick()).as("after the last stage").isFalse();
            assertThat(engine.awaitStopped(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aRunnerReportsItsLoadfilesShapeSoThatTheOperatorCanSayItIsNotFollowed() throws Exception {
        LoadfileModel shaped = LoadfileModel.of(new CompiledLoadfile("shape", ShapeFollowerTest.class.getClassLoader(),
                List.of(Idle.class, Steps.class)));
        try (Engine engine = new Engine(shaped, "r0"); Engine plain = engine()) {
            assertThat(engine.info().loadShape()).isEqualTo("Steps");
            assertThat(plain.info().loadShape()).isNull();
        }
    }
}
