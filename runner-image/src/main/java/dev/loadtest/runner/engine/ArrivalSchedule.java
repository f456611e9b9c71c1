package dev.loadtest.runner.engine;

/**
 * The open model's timetable on one runner: iteration k is due at {@code base + k / rate}, whoever is free to run it.
 * Users claim iterations in order; one claimed after its time starts late, and its requests' corrected response times
 * count from its due time. An iteration still unclaimed {@link #MAX_LAG_NANOS} after it was due is dropped: every
 * user under the ceiling was busy that long, so the run did not hold its rate (k6 drops at once; waiting a little
 * first lets a short stall show in the corrected figures instead of vanishing into the drop count). Times are
 * {@link System#nanoTime()} values passed in, so the arithmetic is testable without a clock. Thread-safe.
 */
final class ArrivalSchedule {

    /** How late an iteration may start before it is dropped. */
    static final long MAX_LAG_NANOS = 1_000_000_000L;
    /** How long a claim waits at most before asking again, so that a rate change is seen. */
    static final long MAX_WAIT_NANOS = 100_000_000L;

    private double rate;
    private long base;
    private long baseIndex;
    private long next;
    private long dropped;
    private boolean closed;

    /** A schedule whose first iteration is due at {@code startNanos}; {@code perSecond} 0 starts none. */
    ArrivalSchedule(double perSecond, long startNanos) {
        this.rate = perSecond;
        this.base = startNanos;
    }

    /** The answer to a claim: run the iteration due at {@code due}, or nothing is due before {@code due}. */
    record Claim(boolean run, long due) {
    }

    /**
     * Claims the next iteration at {@code now}: the oldest due one (dropping those due more than
     * {@link #MAX_LAG_NANOS} ago), or, when none is due yet, the time to ask again.
     */
    synchronized Claim claim(long now) {
        if (closed || !(rate > 0)) {
            return new Claim(false, now + MAX_WAIT_NANOS);
        }
        long due = due(next);
        if (due - now > 0) {
            return new Claim(false, Math.min(due, now + MAX_WAIT_NANOS));
        }
        if (now - due > MAX_LAG_NANOS) {
            // the first iteration due within the allowed lag; those before it are dropped
            long first = baseIndex + (long) Math.ceil((now - MAX_LAG_NANOS - base) * rate / 1e9);
            while (due(first) - (now - MAX_LAG_NANOS) < 0) {
                first++; // floating point may land one short
            }
            dropped += first - next;
            next = first;
            due = due(next);
        }
        next++;
        return new Claim(true, due);
    }

    /**
     * Changes the rate from the next unclaimed iteration on: it stays due when it was (a late one keeps its lateness),
     * and those after it follow the new rate. From a rate of 0 the new timetable begins at {@code now}.
     */
    synchronized void setRate(double perSecond, long now) {
        if (closed || perSecond == rate) {
            return;
        }
        long from = rate > 0 ? due(next) : now;
        base = from;
        baseIndex = next;
        rate = perSecond;
    }

    /**
     * Ends the timetable at {@code now} (the run stops): what was due by then and has not started never will, and
     * is dropped; nothing falls due any more.
     */
    synchronized void close(long now) {
        if (rate > 0) {
            long dueByNow = dueBy(now);
            if (dueByNow > next) {
                dropped += dueByNow - next;
                next = dueByNow;
            }
        }
        closed = true;
    }

    /** The number of iterations due at or before {@code now} in all: the index of the first one due after it. */
    private long dueBy(long now) {
        long k = baseIndex + (long) Math.floor((now - base) * rate / 1e9);
        while (due(k) - now <= 0) {
            k++;
        }
        while (k > baseIndex && due(k - 1) - now > 0) {
            k--;
        }
        return Math.max(k, baseIndex);
    }

    /**
     * Iterations dropped by {@code now}: those dropped at claims, and those unclaimed for longer than
     * {@link #MAX_LAG_NANOS} that no claim has come to drop yet (every user is still busy).
     */
    synchronized long dropped(long now) {
        if (closed || !(rate > 0)) {
            return dropped;
        }
        long overdue = dueBy(now - MAX_LAG_NANOS - 1);
        return dropped + Math.max(0, overdue - next);
    }

    synchronized double rate() {
        return rate;
    }

    /** Iterations claimed so far (started, or about to). */
    synchronized long iterations() {
        return next - dropped;
    }

    /** Iterations dropped at claims so far (see {@link #dropped(long)} for all of them). */
    synchronized long dropped() {
        return dropped;
    }

    private long due(long index) {
        return base + (long) ((index - baseIndex) * 1e9 / rate);
    }
}
