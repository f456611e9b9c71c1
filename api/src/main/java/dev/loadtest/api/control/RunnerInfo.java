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
 */
public record RunnerInfo(String runner, String incarnation, RunnerState state, String runId,
                         List<UserClassInfo> userClasses) {
}
