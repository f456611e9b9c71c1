package dev.loadtest.operator.results;

import java.util.ArrayList;
import java.util.List;

/**
 * A series fed once per poll and bounded, as the runner's RunHistory is: when full, every other item is dropped and
 * from then on only every other one is kept, so the items stay evenly spaced in time and a run of days costs what a
 * run of minutes does. Thread-safe.
 */
public final class ThinnedSeries<T> {

    private final int max;
    private final List<T> items = new ArrayList<>();
    private long offered;
    private long keepEvery = 1;

    public ThinnedSeries(int max) {
        if (max < 2) {
            throw new IllegalArgumentException("max must be at least 2, got " + max);
        }
        this.max = max;
    }

    public synchronized void add(T item) {
        if (offered++ % keepEvery != 0) {
            return;
        }
        if (items.size() == max) {
            List<T> kept = new ArrayList<>(max / 2 + 1);
            for (int i = 0; i < items.size(); i += 2) {
                kept.add(items.get(i));
            }
            items.clear();
            items.addAll(kept);
            keepEvery *= 2;
            offered = 1; // this one is kept; the next keepEvery-1 are skipped
        }
        items.add(item);
    }

    public synchronized List<T> items() {
        return List.copyOf(items);
    }
}
