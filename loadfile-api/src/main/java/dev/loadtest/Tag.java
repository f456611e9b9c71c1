package dev.loadtest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tags a task or a nested TaskSet (and so every task inside it), for {@code --tags} / {@code --exclude-tags}.
 * {@code @Tag({"checkout", "slow"})} or repeated {@code @Tag("checkout") @Tag("slow")}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(Tag.List.class)
public @interface Tag {
    /** {@return the tags} */
    String[] value();

    /** Holds repeated {@link Tag}s; written by the compiler, not by hand. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @interface List {
        /** {@return the repeated tags} */
        Tag[] value();
    }
}
