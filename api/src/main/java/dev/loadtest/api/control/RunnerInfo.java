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
 * @param declaredOptions the custom options its loadfile declares (null from a runner that predates this field)
 * @param hostlessClasses its HTTP user classes without {@code @Host}, which need the start's host (null from a
 *                        runner that predates this field)
 * @param loadShape   the simple name of the loadfile's LoadShape, null when it has none; a runner of protocol 2
 *                    answers {@code POST /shape} for it, so the operator follows it across runners
 * @param protocol    the control protocol version the runner speaks ({@link ControlProtocol}); null from a runner
 *                    that predates versions (version 1)
 * @param oncePerTestStart whether the loadfile has {@code @OnTestStart(oncePerTest = true)} hooks, which runner 0
 *                    runs inside its {@code POST /start}: the other runners are started after it (null: version 1)
 */
public record RunnerInfo(String runner, String incarnation, RunnerState state, String runId,
                         List<UserClassInfo> userClasses, List<String> declaredOptions, List<String> hostlessClasses,
                         String loadShape, Integer protocol, Boolean oncePerTestStart) {

    /** A runner of control protocol 1 that reports its declarations. */
    public RunnerInfo(String runner, String incarnation, RunnerState state, String runId,
                      List<UserClassInfo> userClasses, List<String> declaredOptions, List<String> hostlessClasses,
                      String loadShape) {
        this(runner, incarnation, state, runId, userClasses, declaredOptions, hostlessClasses, loadShape, null, null);
    }

    /** A runner that does not say what its loadfile declares: the coordinator skips its pre-start checks. */
    public RunnerInfo(String runner, String incarnation, RunnerState state, String runId,
                      List<UserClassInfo> userClasses) {
        this(runner, incarnation, state, runId, userClasses, null, null, null, null, null);
    }

    /** Whether this runner reported what its loadfile declares, so that a start can be checked before it is sent. */
    public boolean describesDeclarations() {
        return declaredOptions != null && hostlessClasses != null;
    }
}
