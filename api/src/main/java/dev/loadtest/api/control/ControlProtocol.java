package dev.loadtest.api.control;

/**
 * Versions of the runner control protocol, so that an operator and a runner of different releases agree on what
 * the other understands. A runner says its version on {@code /readyz} ({@link RunnerInfo#protocol()}); a runner
 * that says none speaks version 1. Every version only adds to the one before: new endpoints and new optional
 * fields, never a changed meaning, so an older peer keeps working with what it knows.
 */
public final class ControlProtocol {

    /** {@code /readyz}, {@code /start}, {@code /stop}, {@code /quit}, {@code /stats}. */
    public static final int V1 = 1;

    /**
     * Adds what a run on several runners needs to behave as one Locust test:
     * <ul>
     *   <li>{@code POST /shape} ({@link ShapeQuery} in, {@link ShapeAnswer} out): the runner evaluates its
     *       loadfile's {@code LoadShape.tick()} at the run time and total users the coordinator supplies;</li>
     *   <li>{@code quitBy} in {@code /stats}: user code called {@code quit()}, so the coordinator ends the whole
     *       run;</li>
     *   <li>{@link RunnerInfo#oncePerTestStart()}: the loadfile has {@code @OnTestStart(oncePerTest = true)}
     *       hooks, so the coordinator starts runner 0 (which runs them inside its {@code POST /start}) before the
     *       others.</li>
     * </ul>
     */
    public static final int V2 = 2;

    /** The version this build speaks. */
    public static final int CURRENT = V2;

    private ControlProtocol() {
    }

    /** The version a runner speaks, from what it said on {@code /readyz} (nothing: version 1). */
    public static int of(RunnerInfo info) {
        return info == null || info.protocol() == null ? V1 : info.protocol();
    }
}
