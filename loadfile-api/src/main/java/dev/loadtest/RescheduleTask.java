package dev.loadtest;

/** Thrown from a task, ends it early; the user waits as usual, then picks its next task. */
public class RescheduleTask extends RuntimeException {

    private static final long serialVersionUID = 1L;
    /** Ends the task that throws it. */
    public RescheduleTask() {
        super("reschedule", null, false, false);
    }
}
