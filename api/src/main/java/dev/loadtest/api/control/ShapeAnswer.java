package dev.loadtest.api.control;

/**
 * What a runner's {@code LoadShape.tick()} answered to a {@link ShapeQuery}: the users and spawn rate the whole run
 * should have now, or stop. The coordinator splits the users over the runners as it does for {@code spec.users}.
 *
 * @param shape     the shape's simple class name, for events and messages
 * @param stop      true when {@code tick()} returned null: the test ends
 * @param users     total users wanted (0 when stopping)
 * @param spawnRate users started or stopped per second in all (0 when stopping)
 */
public record ShapeAnswer(String shape, boolean stop, int users, double spawnRate) {

    public static ShapeAnswer stop(String shape) {
        return new ShapeAnswer(shape, true, 0, 0);
    }

    public static ShapeAnswer target(String shape, int users, double spawnRate) {
        return new ShapeAnswer(shape, false, users, spawnRate);
    }
}
