package dev.loadtest.api.control;

/**
 * {@code POST /shape} (control protocol 2): asks the runner what its loadfile's {@code LoadShape} wants now. The
 * coordinator supplies the run's clock and the users of all runners together, which one runner cannot see, so
 * that the shape's {@code getRunTime()} and {@code getCurrentUserCount()} mean what they mean in Locust.
 *
 * @param runId          the run; a new run id gets a new shape instance (a shape may keep state between ticks)
 * @param runTimeSeconds seconds since the run started (the shape's {@code getRunTime()})
 * @param currentUsers   users running on all runners together (the shape's {@code getCurrentUserCount()})
 */
public record ShapeQuery(String runId, double runTimeSeconds, int currentUsers) {
}
