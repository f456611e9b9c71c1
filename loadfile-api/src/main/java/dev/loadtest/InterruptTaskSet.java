package dev.loadtest;

/**
 * Thrown by {@link TaskSet#interrupt(boolean)}: leaves the task set (running its onStop) and returns control
 * to its parent, which picks its next task at once ({@code reschedule = true}) or after a wait.
 */
public class InterruptTaskSet extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean reschedule;

    /**
     * Leaves the task set that throws it.
     *
     * @param reschedule true to pick the parent's next task at once, false to wait first
     */
    public InterruptTaskSet(boolean reschedule) {
        super("interrupt task set", null, false, false);
        this.reschedule = reschedule;
    }

    /** {@return whether the parent picks its next task at once} */
    public boolean reschedule() {
        return reschedule;
    }
}
