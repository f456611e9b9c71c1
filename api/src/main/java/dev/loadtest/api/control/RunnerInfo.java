package dev.loadtest.api.control;

import java.util.List;

/**
 * What {@code GET /readyz} returns once the loadfile compiled: the runner's identity and its user classes.
 *
 * @param runner      the runner's id (its pod name, or "local")
 * @param incarnation a random id of this process, so a restarted runner is recognised
 * @param state       the runner's state
 * @param runId       the run it is executing, if started
 * @param userClasses the user classes it can run
 * @param loadShape   the simple name of the loadfile's LoadShape, null when it has none; the operator does not
 *                    follow shapes in code yet and says so (spec.stages is the cluster's way)
 */
public record RunnerInfo(String runner, String incarnation, RunnerState state, String runId,
                         List<UserClassInfo> userClasses, String loadShape) {

    /** A runner whose loadfile has no LoadShape. */
    public RunnerInfo(String runner, String incarnation, RunnerState state, String runId,
                      List<UserClassInfo> userClasses) {
        this(runner, incarnation, state, runId, userClasses, null);
    }
}
