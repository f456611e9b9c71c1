package dev.loadtest;

/**
 * Thrown by {@link TaskSet#interrupt(boolean)}: leaves the task set (running its onStop) and returns control
 * to its parent, which picks its next task at once ({@code reschedule = true}) or after a wait.
 */
public class InterruptTaskSet extends RuntimeException {

    private final boolean reschedule;

    public InterruptTaskSet(boolean reschedule) {
        super("interrupt task set", null, false, false);
        this.reschedule = reschedule;
    }

    public boolean reschedule() {
        return reschedule;
    }
}
