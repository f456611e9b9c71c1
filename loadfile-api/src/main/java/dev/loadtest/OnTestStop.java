package dev.loadtest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A static method run once per test on each runner, after every user stopped (Locust's {@code test_stop}
 * event). It may take no parameter or one {@link TestContext}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnTestStop {

    /**
     * Run once per test rather than once per runner: only on runner 0 (locally, the one runner).
     *
     * @return true to run on runner 0 only
     */
    boolean oncePerTest() default false;
}
