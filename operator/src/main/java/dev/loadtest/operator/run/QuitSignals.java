package dev.loadtest.operator.run;

import dev.loadtest.api.stats.StatsSnapshot;

import java.util.Map;

/**
 * Whether user code on a runner called {@code quit()} (Locust's {@code runner.quit()}), from the runners' latest
 * {@code /stats}: then the whole run ends, not only that runner's part of it. Pure.
 */
public final class QuitSignals {

    private QuitSignals() {
    }

    /**
     * The message saying who quit the run, or null when no runner's user code called {@code quit()}. The first
     * runner by name wins when several did.
     *
     * @param latest each runner's latest statistics of this run, by runner pod name
     */
    public static String message(String runId, Map<String, StatsSnapshot> latest, double runTimeSeconds) {
        for (var e : new java.util.TreeMap<>(latest).entrySet()) {
            String by = e.getValue().quitBy();
            if (by != null && runId.equals(e.getValue().runId())) {
                return "User code called quit() (" + by + ") on runner " + e.getKey() + " after "
                        + Math.round(runTimeSeconds) + " s of run " + runId + "; stopping every runner.";
            }
        }
        return null;
    }
}
