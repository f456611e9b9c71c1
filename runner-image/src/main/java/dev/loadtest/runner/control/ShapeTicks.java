package dev.loadtest.runner.control;

import dev.loadtest.Internal;
import dev.loadtest.LoadShape;
import dev.loadtest.api.control.ShapeAnswer;
import dev.loadtest.api.control.ShapeQuery;
import dev.loadtest.runner.loadfile.LoadfileException;
import dev.loadtest.runner.loadfile.LoadfileModel;

/**
 * Answers {@code POST /shape} on a cluster runner: evaluates the loadfile's {@link LoadShape} at the run time and
 * total users the coordinator supplies. The coordinator asks one runner only (index 0) and dispatches the answer
 * to all, so the shape sees the whole run as it does in Locust's master, not one runner's share of it. One shape
 * instance per run id, because a shape may keep state between ticks. Callers serialise calls.
 */
final class ShapeTicks {

    private final LoadfileModel loadfile;
    private String runId;
    private LoadShape shape;
    private volatile double runTime;
    private volatile int users;

    ShapeTicks(LoadfileModel loadfile) {
        this.loadfile = loadfile;
    }

    /** The shape's answer; null when the loadfile has no shape. A {@code tick()} that throws is a LoadfileException. */
    ShapeAnswer answer(ShapeQuery query) throws LoadfileException {
        if (loadfile.shape() == null) {
            return null;
        }
        if (shape == null || !query.runId().equals(runId)) {
            shape = loadfile.newShape();
            Internal.attach(shape, () -> runTime, () -> users);
            runId = query.runId();
        }
        runTime = query.runTimeSeconds();
        users = query.currentUsers();
        String name = loadfile.shape().getSimpleName();
        LoadShape.Target target;
        try {
            target = shape.tick();
        } catch (RuntimeException e) {
            throw new LoadfileException(name + ".tick() failed at " + Math.round(query.runTimeSeconds()) + " s: " + e, e);
        }
        return target == null ? ShapeAnswer.stop(name) : ShapeAnswer.target(name, target.users(), target.spawnRate());
    }
}
