package dev.loadtest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A static method run once per test on each runner, before the first user starts (Locust's
 * {@code test_start} event). It may take no parameter or one {@link TestContext}. If it throws, the test
 * does not start and the process exits 1.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnTestStart {

    /**
     * Run once per test rather than once per runner: only on runner 0 (locally, the one runner). On the cluster
     * the other runners do not wait for it, so data it seeds may appear a moment after their users start.
     *
     * @return true to run on runner 0 only
     */
    boolean oncePerTest() default false;
}
