package dev.loadtest;

/** Thrown from a task or onStart, stops this user (its onStop still runs). Locust's {@code StopUser}. */
public class StopUser extends RuntimeException {

    private static final long serialVersionUID = 1L;
    /** Stops the user that throws it. */
    public StopUser() {
        super("user stopped", null, false, false);
    }
}
