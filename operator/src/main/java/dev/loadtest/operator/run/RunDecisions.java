package dev.loadtest.operator.run;

import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.operator.status.Conditions;
import dev.loadtest.operator.status.Phase;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;

/** When a LoadTest needs a new run, and the run's id. Pure but for the random id. */
public final class RunDecisions {

    /** A new value runs the LoadTest again, unchanged spec or not (for GitOps: Argo CD, Flux, CI). */
    public static final String RERUN_ANNOTATION = "loadtest.dev/rerun";
    /**
     * Present (with any value but "false"): the run in progress is stopped, its results kept, and no new run
     * starts until the annotation is removed.
     */
    public static final String STOP_ANNOTATION = "loadtest.dev/stop";

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ID_LENGTH = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunDecisions() {
    }

    /** What the user asked for through the LoadTest's metadata: the rerun token, and whether to stop. */
    public record Triggers(String rerunToken, boolean stop) {
        public static Triggers of(Map<String, String> annotations) {
            if (annotations == null) {
                return new Triggers(null, false);
            }
            String token = annotations.get(RERUN_ANNOTATION);
            String stop = annotations.get(STOP_ANNOTATION);
            return new Triggers(token == null || token.isBlank() ? null : token,
                    stop != null && !"false".equalsIgnoreCase(stop.strip()));
        }
    }

    /** Why a new run starts now, or null when none should. See the semantics table in docs/operator.md. */
    public static String newRunCause(LoadTestStatus status, long generation, Triggers triggers) {
        if (triggers.stop()) {
            return null;
        }
        if (status == null || status.getRunId() == null && status.getPhase() == null) {
            return "first run";
        }
        Phase phase = Phase.parse(status.getPhase());
        if (phase == null) {
            return "first run";
        }
        if (phase.inProgress()) {
            return null;
        }
        if (status.getObservedGeneration() == null || generation > status.getObservedGeneration()) {
            return "spec changed (generation " + generation + ")";
        }
        if (drifted(status)) {
            return "spec changed during run " + status.getRunId();
        }
        if (!Objects.equals(triggers.rerunToken(), status.getRerunToken())) {
            return "loadtest.dev/rerun is " + triggers.rerunToken();
        }
        return null;
    }

    /** The previous form of the decision: no annotations. */
    public static boolean needsNewRun(LoadTestStatus status, long generation) {
        return newRunCause(status, generation, new Triggers(null, false)) != null;
    }

    /** The finished run left changes it could not take: they are due as a run of their own. */
    private static boolean drifted(LoadTestStatus status) {
        return status.getConditions() != null && status.getConditions().stream().anyMatch(c ->
                Conditions.SPEC_DRIFTED.equals(c.getType()) && Conditions.TRUE.equals(c.getStatus()));
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
