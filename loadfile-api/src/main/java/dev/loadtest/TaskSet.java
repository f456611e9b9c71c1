package dev.loadtest;

/**
 * A group of tasks a user runs until it calls {@link #interrupt()} (Locust's {@code TaskSet}). Declare it as
 * a nested class of a user (or of another task set) annotated with {@link Task}: when picked, the user runs
 * its tasks, picked by weight, until one interrupts it. Its {@link #waitTime()} overrides the user's.
 */
public abstract class TaskSet {

    private User user;
    private Object parent;

    /** Subclasses need a no-argument constructor (or, nested, one taking the enclosing instance). */
    protected TaskSet() {
    }

    /** The user's HTTP session, when the user is an {@link HttpUser}. */
    protected HttpSession client;

    /** {@return the user running this task set} */
    public final User user() {
        return user;
    }

    /** {@return the enclosing task set, or the user} */
    public final Object parent() {
        return parent;
    }

    /**
     * Override to wait differently from the user.
     *
     * @return the wait time, or null (the default) to use the user's
     */
    protected WaitTime waitTime() {
        return null;
    }

    /**
     * Runs each time the user enters this task set, before its first task.
     *
     * @throws Exception to stop the user, as a task's exception does
     */
    protected void onStart() throws Exception {
    }

    /**
     * Runs each time the user leaves this task set, also when the user is stopped inside it.
     *
     * @throws Exception counted as an exception of the run
     */
    protected void onStop() throws Exception {
    }

    /** Leaves this task set; the parent picks its next task at once. */
    public final void interrupt() {
        interrupt(true);
    }

    /**
     * Leaves this task set.
     *
     * @param reschedule true to pick the parent's next task at once, false to wait before it
     */
    public final void interrupt(boolean reschedule) {
        throw new InterruptTaskSet(reschedule);
    }

    /** {@return the custom options of the run} */
    public final Options options() {
        return user.options();
    }

    /** {@return the base URL of the system under test} */
    public final String host() {
        return user.host();
    }

    void attach(User user, Object parent) {
        this.user = user;
        this.parent = parent;
        if (user instanceof HttpUser http) {
            this.client = http.client;
        }
    }
}
