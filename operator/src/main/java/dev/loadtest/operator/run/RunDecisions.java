package dev.loadtest.operator.run;

import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.operator.status.Phase;

import java.security.SecureRandom;

/** When a LoadTest needs a new run, and the run's id. Pure but for the random id. */
public final class RunDecisions {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ID_LENGTH = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunDecisions() {
    }

    /**
     * A new run starts when the LoadTest has never run, or its last run finished (or could not start) and the
     * spec changed since: {@code metadata.generation} moved past the generation the finished status was
     * written for. A change while a run is in progress never starts a new run (users and spawn rate apply
     * live; anything else is drift).
     */
    public static boolean needsNewRun(LoadTestStatus status, long generation) {
        if (status == null || status.getRunId() == null) {
            return true;
        }
        Phase phase = Phase.parse(status.getPhase());
        if (phase == null) {
            return true;
        }
        if (phase.inProgress()) {
            return false;
        }
        return status.getObservedGeneration() == null || generation > status.getObservedGeneration();
    }

    /** Six lowercase letters and digits: short enough for child names, 2 billion values. */
    public static String newRunId() {
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
