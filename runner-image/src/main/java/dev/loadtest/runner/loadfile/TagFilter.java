package dev.loadtest.runner.loadfile;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Locust's tag rules: with include tags, a task runs iff it has one of them (so untagged tasks are dropped);
 * with exclude tags, iff it has none of them. Both may apply.
 */
public record TagFilter(Set<String> include, Set<String> exclude) {

    public static final TagFilter NONE = new TagFilter(null, Set.of());

    public static TagFilter of(Collection<String> include, Collection<String> exclude) {
        return new TagFilter(include == null || include.isEmpty() ? null : new TreeSet<>(include),
                exclude == null ? Set.of() : new TreeSet<>(exclude));
    }

    public boolean accepts(Set<String> tags) {
        if (include != null && tags.stream().noneMatch(include::contains)) {
            return false;
        }
        return tags.stream().noneMatch(exclude::contains);
    }

    public boolean isActive() {
        return include != null || !exclude.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (include != null) {
            sb.append("--tags ").append(String.join(" ", include));
        }
        if (!exclude.isEmpty()) {
            sb.append(sb.isEmpty() ? "" : " ").append("--exclude-tags ").append(String.join(" ", exclude));
        }
        return sb.toString();
    }
}
