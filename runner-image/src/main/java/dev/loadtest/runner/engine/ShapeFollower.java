package dev.loadtest.runner.engine;

import dev.loadtest.LoadShape;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.dispatch.UserDispatch;
import dev.loadtest.runner.loadfile.LoadfileException;

import dev.loadtest.api.shape.Stages;
import dev.loadtest.api.v1alpha1.Stage;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.logging.Logger;

/**
 * Makes an engine follow a load schedule (a loadfile's {@link LoadShape}, or a manifest's stages): asked once a
 * second, it re-targets the run when the schedule's answer changes, as Locust's shape worker re-calls
 * {@code runner.start()} only on a new tick tuple, and stops the run when the schedule says stop.
 */
public final class ShapeFollower {

    private static final Logger LOG = Logger.getLogger(ShapeFollower.class.getName());

    /** The target at a run time: users and spawn rate (and the open model's rate), or null to stop the test. */
    @FunctionalInterface
    public interface Schedule {
        Step at(double runTimeSeconds) throws LoadfileException;
    }

    /**
     * One answer of a schedule: {@code users} reached at {@code spawnRate}; in the open model {@code arrivalRate}
     * iterations a second with {@code users} as the ceiling (null: the run's own model and rate).
     */
    public record Step(int users, double spawnRate, Double arrivalRate) {
    }

    private final Engine engine;
    private final StartCommand base;
    private final Schedule schedule;
    private final DoubleSupplier runTime;
    private Step last;

    /**
     * @param base     the run's start; its user counts and spawn rate are replaced by the schedule's
     * @param runTime  seconds since the test started (the shape's {@code getRunTime()}); injected so that a
     *                 test can step through time
     */
    public ShapeFollower(Engine engine, StartCommand base, Schedule schedule, DoubleSupplier runTime) {
        this.engine = engine;
        this.base = base;
        this.schedule = schedule;
        this.runTime = runTime;
    }

    /** A schedule that asks the shape, which sees {@code runTime} and the engine's current users. */
    public static Schedule of(LoadShape shape, DoubleSupplier runTime, Engine engine) {
        dev.loadtest.Internal.attach(shape, runTime, engine::userCount);
        return t -> {
            try {
                LoadShape.Target next = shape.tick();
                return next == null ? null : new Step(next.users(), next.spawnRate(), null);
            } catch (RuntimeException e) {
                throw new LoadfileException(shape.getClass().getSimpleName() + ".tick() failed: " + e, e);
            }
        };
    }

    /** A schedule that follows a manifest's {@code spec.stages}; a stage without a rate uses {@code spawnRate}. */
    public static Schedule of(List<Stage> stages, double spawnRate) {
        return of(stages, spawnRate, null);
    }

    /**
     * As {@link #of(List, double)}, in the open model when {@code arrivalRate} (spec.arrivalRate) or the stages' own
     * rates say so.
     */
    public static Schedule of(List<Stage> stages, double spawnRate, Double arrivalRate) {
        return t -> {
            Stages.Target target = Stages.targetAt(stages, spawnRate, arrivalRate, t);
            return target == null ? null : new Step(target.users(), target.spawnRate(), target.arrivalRate());
        };
    }

    /**
     * Starts the run at the schedule's first target; false (and nothing started) when the schedule says stop
     * at once.
     */
    public boolean start(Engine.RunLimits limits) throws LoadfileException {
        Step first = schedule.at(runTime.getAsDouble());
        if (first == null) {
            return false;
        }
        engine.start(command(first), limits);
        last = first;
        return true;
    }

    /**
     * One step, about once a second: re-targets on a new answer, stops the run on null. False once the
     * schedule has said stop. A failing schedule stops the run and is rethrown.
     */
    public boolean tick() throws LoadfileException {
        Step target;
        try {
            target = schedule.at(runTime.getAsDouble());
        } catch (LoadfileException e) {
            engine.stop();
            throw e;
        }
        if (target == null) {
            LOG.info("Shape test stopping");
            engine.stop();
            return false;
        }
        if (!target.equals(last)) {
            LOG.info(() -> "Shape test updating to " + target.users() + " users at " + target.spawnRate()
                    + " spawn rate");
            engine.start(command(target));
            last = target;
        }
        return true;
    }

    /** The schedule's current target; null before the start. */
    public Step current() {
        return last;
    }

    private StartCommand command(Step target) {
        Map<String, Integer> counts = UserDispatch.counts(engine.userClasses(), target.users());
        return new StartCommand(base.runId(), base.host(), counts, target.spawnRate(), base.tags(),
                base.excludeTags(), base.options(), base.runTimeSeconds(), base.stopTimeoutSeconds(),
                base.httpVersion(), base.insecure(), base.runnerIndex(), base.runnerCount(),
                target.arrivalRate() != null ? target.arrivalRate() : base.arrivalRate());
    }
}
