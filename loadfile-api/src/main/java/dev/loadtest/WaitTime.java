package dev.loadtest;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a user waits after each task, in seconds (Locust's {@code wait_time}). A user or task set picks
 * one by overriding {@code waitTime()}; the engine asks for it once per instance, so pacing state is per
 * user, as in Locust.
 */
@FunctionalInterface
public interface WaitTime {

    /**
     * The wait after a task.
     *
     * @param lastTaskSeconds how long the task that just ran took
     * @return seconds to wait before the next task
     */
    double next(double lastTaskSeconds);

    /**
     * Always {@code seconds}.
     *
     * @param seconds the wait, 0 or more
     * @return the wait time
     */
    static WaitTime constant(double seconds) {
        requireNonNegative("constant", seconds);
        return last -> seconds;
    }

    /**
     * Uniformly random in [min, max) (Locust's {@code between}).
     *
     * @param minSeconds the shortest wait, 0 or more
     * @param maxSeconds the longest wait, at least {@code minSeconds}
     * @return the wait time
     */
    static WaitTime between(double minSeconds, double maxSeconds) {
        requireNonNegative("between", minSeconds);
        if (maxSeconds < minSeconds) {
            throw new IllegalArgumentException("between(" + minSeconds + ", " + maxSeconds + "): max is below min");
        }
        return last -> minSeconds + ThreadLocalRandom.current().nextDouble() * (maxSeconds - minSeconds);
    }

    /**
     * Task starts spaced {@code seconds} apart: waits {@code seconds} minus the task's own time, never less
     * than 0 (a slow task is not caught up on).
     *
     * @param seconds the time from one task's start to the next's
     * @return the wait time
     */
    static WaitTime constantPacing(double seconds) {
        requireNonNegative("constantPacing", seconds);
        return last -> Math.max(0, seconds - last);
    }

    /**
     * At most {@code tasksPerSecond} task runs per second <em>per user</em> (Locust's constant_throughput):
     * {@code constantPacing(1 / tasksPerSecond)}.
     *
     * @param tasksPerSecond task runs per second per user, above 0
     * @return the wait time
     */
    static WaitTime constantThroughput(double tasksPerSecond) {
        if (!(tasksPerSecond > 0)) {
            throw new IllegalArgumentException("constantThroughput(" + tasksPerSecond + "): must be above 0");
        }
        return constantPacing(1.0 / tasksPerSecond);
    }

    private static void requireNonNegative(String what, double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(what + "(" + seconds + "): seconds must be 0 or more");
        }
    }
}
