package dev.loadtest.testcluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the repository root from wherever a test runs: Maven runs tests with the module folder as working
 * directory, an IDE often with the repository root.
 */
public final class ProjectLayout {
    private ProjectLayout() {
    }

    /** The nearest ancestor of the working directory that holds {@code .git} (a folder, or a file in a worktree). */
    public static Path repositoryRoot() {
        return repositoryRoot(Path.of("").toAbsolutePath());
    }

    static Path repositoryRoot(Path start) {
        return nearestAncestorWith(start, ".git")
                // A source tarball has no .git: the topmost folder with a pom.xml is the root then.
                .or(() -> topmostAncestorWith(start, "pom.xml"))
                .orElse(start);
    }

    private static Optional<Path> nearestAncestorWith(Path start, String name) {
        for (Path dir = start.normalize(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(name))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> topmostAncestorWith(Path start, String name) {
        Path found = null;
        for (Path dir = start.normalize(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(name))) {
                found = dir;
            }
        }
        return Optional.ofNullable(found);
    }
}
