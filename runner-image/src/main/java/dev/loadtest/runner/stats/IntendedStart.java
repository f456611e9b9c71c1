package dev.loadtest.runner.stats;

/**
 * How late the iteration running on this thread started, against the open model's schedule. Every request the
 * iteration records is then also recorded corrected: its response time plus this lag, i.e. counted from the request's
 * intended start (the iteration's scheduled time, shifted by as much as the request came after the iteration's start),
 * as HdrHistogram's correction for coordinated omission does. A thread outside any scheduled iteration (the closed
 * model, a request recorded from another thread) records raw figures only.
 */
public final class IntendedStart {

    private static final long NONE = -1;
    private static final ThreadLocal<long[]> LAG = ThreadLocal.withInitial(() -> new long[]{NONE});

    private IntendedStart() {
    }

    /** Marks this thread as running an iteration that started {@code lagNanos} after its scheduled time. */
    public static void begin(long lagNanos) {
        LAG.get()[0] = Math.max(0, lagNanos) / 1000;
    }

    /** The iteration on this thread is over. */
    public static void end() {
        LAG.get()[0] = NONE;
    }

    /** The current iteration's lag in microseconds, or -1 outside a scheduled iteration. */
    static long lagMicros() {
        return LAG.get()[0];
    }

    /** A request's corrected response time: counted from its intended start, {@code lagMicros} earlier. */
    public static long correctedMicros(long rawMicros, long lagMicros) {
        long raw = Math.max(0, rawMicros);
        return lagMicros <= 0 ? raw : Math.addExact(raw, lagMicros);
    }
}
