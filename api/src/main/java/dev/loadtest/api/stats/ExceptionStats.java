package dev.loadtest.api.stats;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An exception thrown by user code (not a request failure), grouped by traceback as Locust does, with the
 * nodes (runners) that saw it.
 */
public record ExceptionStats(long count, String message, String traceback, SortedSet<String> nodes) {

    public ExceptionStats merge(ExceptionStats other) {
        SortedSet<String> union = new TreeSet<>(nodes);
        union.addAll(other.nodes);
        return new ExceptionStats(count + other.count, message, traceback, union);
    }
}
