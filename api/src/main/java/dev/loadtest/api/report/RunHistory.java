package dev.loadtest.api.report;

import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * The points of the HTML report's charts, fed once per tick. Bounded so that a run of days costs the same
 * memory as a run of minutes: when full, every other point is dropped and from then on only every other
 * tick is kept, so the points stay evenly spaced in time. Thread-safe.
 */
public final class RunHistory {

    public static final int MAX_POINTS = 2000;
    /** Locust's charts use the last ~10 s for current percentiles. */
    static final long PERCENTILE_WINDOW_MILLIS = 10_000;

    public record Point(long epochMillis, int users, double requestsPerSec, double failuresPerSec, double p50Ms,
                        double p95Ms) {
    }

    private final int maxPoints;
    private final List<Point> points = new ArrayList<>();
    private final RecentResponseTimes recent = new RecentResponseTimes(PERCENTILE_WINDOW_MILLIS);
    private long ticks;
    private long keepEvery = 1;

    public RunHistory() {
        this(MAX_POINTS);
    }

    RunHistory(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be at least 2, got " + maxPoints);
        }
        this.maxPoints = maxPoints;
    }

    public synchronized void add(long epochMillis, int users, double currentRps, double currentFailPerSec,
                                 double p50Ms, double p95Ms) {
        if (ticks++ % keepEvery != 0) {
            return;
        }
        if (points.size() == maxPoints) {
            halve();
        }
        points.add(new Point(epochMillis, users, currentRps, currentFailPerSec, p50Ms, p95Ms));
    }

    /**
     * Adds the Aggregated row of a snapshot: Locust's current rates, and p50/p95 of the requests that
     * completed in the last 10 s (not since the start).
     */
    public synchronized void add(StatsSnapshot snapshot, int users, long nowMillis) {
        EndpointStats total = snapshot.total();
        long start = total.startTimeEpochMillis();
        RecentResponseTimes.Percentiles current = recent.update(nowMillis, total.histogram());
        add(nowMillis, users, total.currentRps(start, nowMillis), total.currentFailPerSec(start, nowMillis),
                current.p50Ms(), current.p95Ms());
    }

    public synchronized List<Point> points() {
        return List.copyOf(points);
    }

    private void halve() {
        List<Point> kept = new ArrayList<>(maxPoints / 2 + 1);
        for (int i = 0; i < points.size(); i += 2) {
            kept.add(points.get(i));
        }
        points.clear();
        points.addAll(kept);
        keepEvery *= 2;
        ticks = 1; // the tick being added now is kept; the next keepEvery-1 are skipped
    }
}
