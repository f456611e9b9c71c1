package dev.loadtest.runner.engine;

import dev.loadtest.Internal;
import dev.loadtest.InterruptTaskSet;
import dev.loadtest.RescheduleTask;
import dev.loadtest.StopUser;
import dev.loadtest.TaskSet;
import dev.loadtest.User;
import dev.loadtest.WaitTime;
import dev.loadtest.runner.loadfile.TaskModel;
import dev.loadtest.runner.stats.IntendedStart;
import dev.loadtest.runner.stats.LiveStats;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * One user on its own virtual thread, run as Locust runs a user: onStart, then tasks with waits between,
 * until stopped; then onStop. Stopping is cooperative at task boundaries, immediate while waiting, and
 * forced (the thread is interrupted) when the stop timeout runs out.
 */
final class RunningUser implements Runnable {

    private final String className;
    private final User user;
    private final TaskModel model;
    private final LiveStats stats;
    private final IterationBudget iterations;
    private final Runnable onExit;
    /** The open model's source of iterations; null in the closed model. */
    private final OpenModelPacer pacer;
    private volatile boolean stopping;
    private volatile boolean waiting;
    private volatile boolean killed;
    private volatile Thread thread;

    /** @param iterations the run's -i budget, taken one task at a time; null for none */
    RunningUser(String className, User user, TaskModel model, LiveStats stats, IterationBudget iterations,
                Runnable onExit) {
        this(className, user, model, stats, iterations, onExit, null);
    }

    /** @param pacer in the open model, where this user's iterations come from (null: the closed model) */
    RunningUser(String className, User user, TaskModel model, LiveStats stats, IterationBudget iterations,
                Runnable onExit, OpenModelPacer pacer) {
        this.className = className;
        this.user = user;
        this.model = model;
        this.stats = stats;
        this.iterations = iterations;
        this.onExit = onExit;
        this.pacer = pacer;
    }

    String className() {
        return className;
    }

    void start() {
        thread = Thread.ofVirtual().name("user-" + className).start(this);
    }

    /** Asks the user to stop at its next task boundary; a waiting user stops at once. */
    void requestStop() {
        stopping = true;
        Thread t = thread;
        if (waiting && t != null) {
            t.interrupt();
        }
    }

    /** Stops the user now, even mid-task. */
    void kill() {
        stopping = true;
        killed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    boolean join(long millis) throws InterruptedException {
        Thread t = thread;
        return t == null || t.join(java.time.Duration.ofMillis(Math.max(1, millis)));
    }

    boolean isAlive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    @Override
    public void run() {
        try {
            try {
                Internal.onStart(user);
            } catch (StopUser e) {
                return;
            } catch (Throwable e) {
                if (!isStopSignal(e)) {
                    stats.recordException(unwrap(e));
                }
                return;
            }
            if (pacer != null) {
                runIterations();
            } else {
                runTasks(user, model, Internal.waitTime(user));
            }
        } catch (StopSignal | StopUser e) {
            // the user's time is up
        } finally {
            Thread.interrupted();
            try {
                Internal.onStop(user);
            } catch (Throwable e) {
                if (!(e instanceof StopUser)) {
                    stats.recordException(unwrap(e));
                }
            }
            Internal.detach(user);
            onExit.run();
        }
    }

    /** Runs tasks until stopped; returns (via InterruptTaskSet) only for a task set. */
    private void runTasks(Object holder, TaskModel tasks, WaitTime waitTime) {
        long step = 0;
        while (true) {
            checkStop();
            TaskModel.Entry task = tasks.sequential() ? tasks.inSequence(step++) : tasks.pick();
            long start = System.nanoTime();
            if (runOne(holder, task)) {
                pause(waitTime.next((System.nanoTime() - start) / 1e9));
            }
        }
    }

    /**
     * The open model: one task per iteration, when the schedule says, with no wait time between (the schedule paces
     * the load). The requests of an iteration that starts late are also recorded from its due time.
     */
    private void runIterations() {
        long step = 0;
        while (true) {
            checkStop();
            long due;
            waiting = true;
            try {
                due = pacer.awaitIteration();
            } catch (InterruptedException e) {
                throw new StopSignal();
            } finally {
                waiting = false;
            }
            TaskModel.Entry task = model.sequential() ? model.inSequence(step++) : model.pick();
            IntendedStart.begin(System.nanoTime() - due);
            try {
                runOne(user, task);
            } finally {
                IntendedStart.end();
            }
        }
    }

    /** Runs one task, counting what it throws; true when the user's wait time follows it. */
    private boolean runOne(Object holder, TaskModel.Entry task) {
        try {
            execute(holder, task);
        } catch (RescheduleTask e) {
            // wait as usual, then pick the next task
        } catch (InterruptTaskSet e) {
            if (holder instanceof TaskSet) {
                throw e;
            }
        } catch (NestedInterrupt e) {
            return !e.reschedule;
        } catch (StopUser | StopSignal e) {
            throw e;
        } catch (Throwable e) {
            if (isStopSignal(e)) {
                throw new StopSignal();
            }
            stats.recordException(unwrap(e));
        }
        return true;
    }

    private void execute(Object holder, TaskModel.Entry task) throws Throwable {
        if (task.method() != null) {
            if (iterations != null && !iterations.tryTake()) {
                throw new StopUser(); // as locust-plugins' -i: a user stops at its next task once the limit is reached
            }
            try {
                task.method().invoke(holder);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return;
        }
        TaskSet set = instantiate(task.taskSet(), holder);
        Internal.attach(set, user, holder);
        WaitTime own = Internal.waitTime(set);
        try {
            Internal.onStart(set);
        } catch (InterruptTaskSet e) {
            throw new NestedInterrupt(e.reschedule());
        }
        try {
            runTasks(set, task.nested(), own != null ? own : Internal.waitTime(user));
        } catch (InterruptTaskSet e) {
            Internal.onStop(set);
            throw new NestedInterrupt(e.reschedule());
        } catch (StopSignal | StopUser e) {
            // Locust's TaskSet.run calls on_stop when its user is stopped, innermost set first, then the user's
            stopTaskSet(set);
            throw e;
        } catch (Throwable e) {
            if (isStopSignal(e)) {
                stopTaskSet(set);
                throw new StopSignal();
            }
            throw e;
        }
    }

    /** A task set's onStop while its user stops: runs even if the user was killed; its errors are counted. */
    private void stopTaskSet(TaskSet set) {
        boolean interrupted = Thread.interrupted();
        try {
            Internal.onStop(set);
        } catch (Throwable e) {
            if (!(e instanceof StopUser)) {
                stats.recordException(unwrap(e));
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Creates a nested task set; an inner (non-static) class gets the enclosing instance from the chain. */
    private TaskSet instantiate(Class<? extends TaskSet> type, Object holder) throws Exception {
        Class<?> outer = type.getEnclosingClass();
        if (outer != null && !java.lang.reflect.Modifier.isStatic(type.getModifiers())) {
            Object enclosing = enclosingInstance(outer, holder);
            Constructor<? extends TaskSet> c = type.getDeclaredConstructor(outer);
            c.setAccessible(true);
            return c.newInstance(enclosing);
        }
        Constructor<? extends TaskSet> c = type.getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
    }

    private Object enclosingInstance(Class<?> outer, Object holder) {
        for (Object o = holder; o != null; o = o instanceof TaskSet t ? t.parent() : null) {
            if (outer.isInstance(o)) {
                return o;
            }
        }
        if (outer.isInstance(user)) {
            return user;
        }
        throw new IllegalStateException(outer.getSimpleName() + " is not running: declare the task set static");
    }

    private void pause(double seconds) {
        if (!(seconds > 0)) {
            checkStop();
            return;
        }
        waiting = true;
        try {
            if (stopping) {
                throw new StopSignal();
            }
            Thread.sleep(java.time.Duration.ofNanos((long) (seconds * 1e9)));
        } catch (InterruptedException e) {
            throw new StopSignal();
        } finally {
            waiting = false;
        }
        checkStop();
    }

    private void checkStop() {
        if (stopping) {
            throw new StopSignal();
        }
    }

    private boolean isStopSignal(Throwable e) {
        return killed || (stopping && (e instanceof InterruptedException || Thread.currentThread().isInterrupted()));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
    }

    /** Unwinds a user that is being stopped. */
    static final class StopSignal extends RuntimeException {
        StopSignal() {
            super("stop", null, false, false);
        }
    }

    /** A nested task set was interrupted; its parent continues. */
    private static final class NestedInterrupt extends RuntimeException {
        final boolean reschedule;

        NestedInterrupt(boolean reschedule) {
            super("interrupted", null, false, false);
            this.reschedule = reschedule;
        }
    }
}
