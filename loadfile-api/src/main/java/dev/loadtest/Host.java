package dev.loadtest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The default base URL of a user class (Locust's {@code host} attribute); {@code -H/--host} overrides it. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Host {
    /** {@return the base URL, e.g. {@code "https://shop.example.com"}} */
    String value();
}
