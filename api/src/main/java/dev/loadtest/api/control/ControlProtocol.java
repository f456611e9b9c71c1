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

    /**
     * Adds the binary form of {@code /stats} ({@link dev.loadtest.api.stats.StatsBinary}): a poller that lists
     * {@value dev.loadtest.api.stats.StatsBinary#MEDIA_TYPE} in {@code Accept} gets the snapshot in it, with that
     * {@code Content-Type}; any other {@code GET /stats} still gets JSON. The same figures, without JSON's parsing and
     * base64 cost, which dominated polling 1,000 runners. A poller tells the forms apart by the body's first bytes, so
     * it needs no version check: a runner before version 3 ignores {@code Accept} and answers JSON. A binary reply is
     * numbered, and {@code GET /stats?base=N} (N a number the runner gave) adds each row's histogram minus the one of
     * snapshot N, when the runner still holds it ({@link dev.loadtest.api.stats.ServedSnapshots}): the poller then adds
     * those deltas to the totals it keeps ({@link dev.loadtest.api.stats.RunningMerge}). Any reply without deltas is
     * merged in full, so a lost reply or a restarted runner costs one full merge, never an inexact one.
     */
    public static final int V3 = 3;

    /** The version this build speaks. */
    public static final int CURRENT = V3;

    private ControlProtocol() {
    }

    /** The version a runner speaks, from what it said on {@code /readyz} (nothing: version 1). */
    public static int of(RunnerInfo info) {
        return info == null || info.protocol() == null ? V1 : info.protocol();
    }
}
