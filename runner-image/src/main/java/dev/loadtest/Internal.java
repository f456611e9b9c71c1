package dev.loadtest;

/** The engine's way in; not for loadfiles. */
public final class Internal {

    private Internal() {
    }

    public static void attach(User user, UserContext context) {
        user.attach(context);
    }

    public static void detach(User user) {
        user.detach();
    }

    public static void attach(TaskSet taskSet, User user, Object parent) {
        taskSet.attach(user, parent);
    }

    public static void attach(LoadShape shape, java.util.function.DoubleSupplier runTime,
                              java.util.function.IntSupplier currentUsers) {
        shape.attach(runTime, currentUsers);
    }

    public static WaitTime waitTime(User user) {
        return user.waitTime();
    }

    public static WaitTime waitTime(TaskSet taskSet) {
        return taskSet.waitTime();
    }

    public static void onStart(User user) throws Exception {
        user.onStart();
    }

    public static void onStop(User user) throws Exception {
        user.onStop();
    }

    public static void onStart(TaskSet taskSet) throws Exception {
        taskSet.onStart();
    }

    public static void onStop(TaskSet taskSet) throws Exception {
        taskSet.onStop();
    }
}
