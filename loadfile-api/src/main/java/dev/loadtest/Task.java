package dev.loadtest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a task: a no-argument method of a {@link User} or {@link TaskSet}, or a nested {@link TaskSet} class.
 * Tasks are picked at random in proportion to their weight (Locust's {@code @task(n)}); in a
 * {@link SequentialTaskSet} they run in declaration order, a weight of n running the task n times in a row.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Task {
    /** {@return the relative weight; 0 disables the task} */
    int value() default 1;
}
