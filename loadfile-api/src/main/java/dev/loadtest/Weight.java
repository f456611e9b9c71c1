package dev.loadtest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Relative share of the users this user class gets (Locust's {@code weight}, default 1; 0 never spawns it). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Weight {
    /** {@return the relative weight, 0 or more} */
    double value();
}
