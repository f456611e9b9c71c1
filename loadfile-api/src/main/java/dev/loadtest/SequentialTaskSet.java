package dev.loadtest;

/**
 * A task set whose tasks run in declaration order, cycling (Locust's {@code SequentialTaskSet}); a task with
 * weight n runs n times in a row.
 */
public abstract class SequentialTaskSet extends TaskSet {

    /** Subclasses need a no-argument constructor (or, nested, one taking the enclosing instance). */
    protected SequentialTaskSet() {
    }
}
