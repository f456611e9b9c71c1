package dev.loadtest;

import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * A load shape: the number of users and the spawn rate as a function of time, like Locust's
 * {@code LoadTestShape}. Declare one non-abstract subclass in a loadfile (at most one: two is an error naming
 * both); the runner then calls {@link #tick()} about once a second from the start of the test, re-targets the
 * users whenever the answer changes and stops the test when it returns {@code null}. The command line's
 * {@code -u}, {@code -r} and {@code -t} are ignored, with a note, when a loadfile has a shape.
 *
 * <pre>{@code
 * public class Steps extends LoadShape {
 *     public Target tick() {
 *         double t = getRunTime();
 *         return t < 60 ? new Target(10, 10) : t < 120 ? new Target(20, 10) : null;
 *     }
 * }
 * }</pre>
 *
 * The shape needs a public no-argument constructor (the default one will do). On a cluster, shapes in code
 * are not followed yet: use a LoadTest's {@code spec.stages} there.
 */
public abstract class LoadShape {

    private DoubleSupplier runTime = () -> 0;
    private IntSupplier currentUsers = () -> 0;

    /** Subclasses need a no-argument constructor; the runner creates the shape. */
    protected LoadShape() {
    }

    /**
     * What the test should run now; called about once a second.
     *
     * @return the target users and spawn rate, or {@code null} to stop the test
     */
    public abstract Target tick();

    /** {@return seconds since the test started (Locust's {@code get_run_time()})} */
    protected final double getRunTime() {
        return runTime.getAsDouble();
    }

    /** {@return how many users are running now (Locust's {@code get_current_user_count()})} */
    protected final int getCurrentUserCount() {
        return currentUsers.getAsInt();
    }

    final void attach(DoubleSupplier runTime, IntSupplier currentUsers) {
        this.runTime = runTime;
        this.currentUsers = currentUsers;
    }

    /**
     * A shape's answer: ramp to {@code users} in all, starting or stopping {@code spawnRate} users a second.
     *
     * @param users     total users wanted, zero or more
     * @param spawnRate users started (or stopped) per second on the way there, more than zero
     */
    public record Target(int users, double spawnRate) {
        /**
         * Checks the answer.
         *
         * @param users     total users wanted, zero or more
         * @param spawnRate users started (or stopped) per second, more than zero
         * @throws IllegalArgumentException when either is out of range
         */
        public Target {
            if (users < 0) {
                throw new IllegalArgumentException("LoadShape.Target users must be >= 0, got " + users);
            }
            if (!(spawnRate > 0) || Double.isInfinite(spawnRate)) {
                throw new IllegalArgumentException("LoadShape.Target spawnRate must be a positive number, got "
                        + spawnRate);
            }
        }
    }
}
