package dev.loadtest.runner.engine;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands the open model's iterations to idle users. Idle users queue on a fair lock; only the one at its head waits
 * for the next due time, so an iteration wakes one thread, not every idle user. When the head claims an iteration and
 * no other user is queued behind it, nobody would be free for the next one: {@code needUser} asks the engine for one
 * more user (which it starts only under the ceiling), ahead of time, so that the new user's start-up (its
 * {@code onStart}) is not charged to an iteration.
 */
final class OpenModelPacer {

    private final ArrivalSchedule schedule;
    private final ReentrantLock turn = new ReentrantLock(true);
    private final Runnable needUser;

    OpenModelPacer(ArrivalSchedule schedule, Runnable needUser) {
        this.schedule = schedule;
        this.needUser = needUser;
    }

    ArrivalSchedule schedule() {
        return schedule;
    }

    /** Waits for this user's next iteration and returns the {@link System#nanoTime()} it was due at. */
    long awaitIteration() throws InterruptedException {
        boolean lastIdle;
        long due;
        turn.lockInterruptibly();
        try {
            while (true) {
                long now = System.nanoTime();
                ArrivalSchedule.Claim claim = schedule.claim(now);
                if (claim.run()) {
                    due = claim.due();
                    lastIdle = !turn.hasQueuedThreads();
                    break;
                }
                long wait = claim.due() - now;
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
            }
        } finally {
            turn.unlock();
        }
        if (lastIdle) {
            needUser.run();
        }
        return due;
    }
}
