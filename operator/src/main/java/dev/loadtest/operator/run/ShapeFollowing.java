package dev.loadtest.operator.run;

import dev.loadtest.api.control.ControlProtocol;
import dev.loadtest.api.control.RunnerInfo;
import dev.loadtest.api.control.ShapeAnswer;
import dev.loadtest.api.v1alpha1.LoadTestSpec;

/**
 * How the operator follows a loadfile's {@code LoadShape} across runners. Pure.
 *
 * <p>Why one designated runner (index 0) evaluates {@code tick()}, asked by the operator: the shape is user code,
 * so it runs where the loadfile is compiled (the operator never runs user code), and only once per tick, so a
 * shape that keeps state sees every tick in order; the operator supplies the run's clock and the users of all
 * runners together, so {@code getRunTime()} and {@code getCurrentUserCount()} mean what they mean on Locust's
 * master. The answer then goes through the same per-runner split ({@link StartCommands}) as {@code spec.users}
 * and {@code spec.stages}, and a runner that already runs its share changes nothing. Asking, rather than runner 0
 * pushing, keeps the operator's pull model: no inbound endpoint, and a restarted operator just asks again.
 *
 * <p>As in Locust, a shape decides users, spawn rate and the end of the test: {@code spec.users},
 * {@code spec.spawnRate}, {@code spec.runTime} and {@code spec.stages} are ignored while one is followed.
 */
public final class ShapeFollowing {

    /** How often the shape is asked while the run is going: Locust's shape worker ticks once a second. */
    public static final double TICK_SECONDS = 1.0;

    private ShapeFollowing() {
    }

    /** What the coordinator does after asking the shape. */
    public enum Action {
        /** Dispatch {@link Decision#spec()} (nothing changes on runners that already run their share). */
        DISPATCH,
        /** {@code tick()} returned null: stop every runner; the run ends as one whose time is up. */
        STOP,
        /** {@code tick()} threw: stop every runner; the run fails with the error. */
        FAIL,
        /** Runner 0 could not be asked this time: keep the current users and ask again. */
        WAIT
    }

    /**
     * @param spec    for {@link Action#DISPATCH}, the spec to split over the runners
     * @param message for the other actions, a sentence for status and events
     */
    public record Decision(Action action, LoadTestSpec spec, String message) {
    }

    /**
     * Whether a run whose runner 0 says {@code info} follows the loadfile's shape: it has one, and the runner speaks
     * control protocol 2. A shape on an older runner cannot be asked; the operator says so in a Warning Event
     * ({@code LoadShapeNotFollowed}) and runs spec.users or spec.stages.
     */
    public static boolean follows(RunnerInfo info) {
        return info != null && info.loadShape() != null && ControlProtocol.of(info) >= ControlProtocol.V2;
    }

    /**
     * @param answer      the shape's answer, or null when there was none
     * @param failure     the error when {@code tick()} threw, else null
     * @param unreachable why runner 0 could not be asked, else null
     */
    public static Decision decide(LoadTestSpec spec, ShapeAnswer answer, String failure, String unreachable,
                                  String runId, double runTimeSeconds) {
        long at = Math.round(runTimeSeconds);
        if (failure != null) {
            return new Decision(Action.FAIL, null, "The loadfile's LoadShape failed in run " + runId + " after " + at
                    + " s: " + failure + ". Fix its tick(), then start a new run.");
        }
        if (answer == null) {
            return new Decision(Action.WAIT, null, "Could not ask runner 0 for the LoadShape's next target"
                    + (unreachable == null ? "" : ": " + unreachable) + "; the users stay as they are.");
        }
        if (answer.stop()) {
            return new Decision(Action.STOP, null, "The loadfile's LoadShape " + answer.shape() + " returned null after "
                    + at + " s; stopping the runners.");
        }
        return new Decision(Action.DISPATCH, shaped(spec, answer), null);
    }

    /**
     * The spec to dispatch for a shape's target: its users and spawn rate; no stages and no run time, so that the
     * runners' own stop time (their safety net) does not end a run the shape still wants.
     */
    public static LoadTestSpec shaped(LoadTestSpec spec, ShapeAnswer answer) {
        LoadTestSpec shaped = RunSpecs.fromJson(RunSpecs.toJson(spec));
        shaped.setUsers(answer.users());
        shaped.setSpawnRate(answer.spawnRate());
        shaped.setStages(null);
        shaped.setRunTime(null);
        return shaped;
    }
}
