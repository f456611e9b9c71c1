package dev.loadtest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a custom option of the loadfile (Locust's {@code init_command_line_parser}): given on the command
 * line as {@code --NAME value} or in a manifest's {@code spec.options}, read in user code with
 * {@code options().get("NAME")}. Put it on any class of the loadfile.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(CustomOption.List.class)
public @interface CustomOption {
    /** {@return the option name without dashes, e.g. "product-count"} */
    String name();

    /** {@return the value when the option is not given; "" for none} */
    String defaultValue() default "";

    /** {@return what the option means, shown in the help} */
    String description() default "";

    /** Holds repeated {@link CustomOption}s; written by the compiler, not by hand. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        /** {@return the repeated options} */
        CustomOption[] value();
    }
}
