package dev.loadtest.operator.status;

/**
 * The derived phase shown in {@code kubectl get lt}. For humans only: automation reads the conditions.
 * Pending (objects being created) → Starting (waiting for every runner to be ready, then starting them) →
 * Running → Stopping (runners finishing their users) → Succeeded or Failed.
 */
public enum Phase {
    Pending, Starting, Running, Stopping, Succeeded, Failed;

    public boolean inProgress() {
        return this != Succeeded && this != Failed;
    }

    public static Phase parse(String phase) {
        if (phase == null) {
            return null;
        }
        try {
            return valueOf(phase);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
