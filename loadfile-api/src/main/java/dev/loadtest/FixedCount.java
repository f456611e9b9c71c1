package dev.loadtest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exactly this many users of the class run, started before any weighted user, whatever the weights
 * (Locust's {@code fixed_count}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface FixedCount {
    /** {@return how many users of the class run} */
    int value();
}
