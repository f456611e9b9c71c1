package dev.loadtest.runner.loadfile;

import java.util.List;

/** The classes of a loadfile, loaded. */
public record CompiledLoadfile(String description, ClassLoader loader, List<Class<?>> classes) {
}
