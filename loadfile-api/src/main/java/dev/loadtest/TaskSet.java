package dev.loadtest;

/**
 * A group of tasks a user runs until it calls {@link #interrupt()} (Locust's {@code TaskSet}). Declare it as
 * a nested class of a user (or of another task set) annotated with {@link Task}: when picked, the user runs
 * its tasks, picked by weight, until one interrupts it. Its {@link #waitTime()} overrides the user's.
 */
public abstract class TaskSet {

    private User user;
    private Object parent;

    /** The user's HTTP session, when the user is an {@link HttpUser}. */
    protected HttpSession client;

    /** The user running this task set. */
    public final User user() {
        return user;
    }

    /** The enclosing task set, or the user. */
    public final Object parent() {
        return parent;
    }

    /** Override to wait differently from the user; null (the default) uses the user's wait time. */
    protected WaitTime waitTime() {
        return null;
    }

    protected void onStart() throws Exception {
    }

    protected void onStop() throws Exception {
    }

    /** Leaves this task set; the parent picks its next task at once. */
    public final void interrupt() {
        interrupt(true);
    }

    /** Leaves this task set; with {@code reschedule} false the parent waits before its next task. */
    public final void interrupt(boolean reschedule) {
        throw new InterruptTaskSet(reschedule);
    }

    public final Options options() {
        return user.options();
    }

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
