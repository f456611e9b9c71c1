package dev.loadtest.operator.status;

/**
 * Condition types and reasons of a LoadTest. The first three follow kstatus, so that kubectl wait, Flux and Argo
 * CD judge a LoadTest without custom code; the others say more about the verdict.
 */
public final class Conditions {

    /** True while a run is in progress (Pending to Stopping); False once it finished or cannot proceed. */
    public static final String RECONCILING = "Reconciling";
    /** True when the run finished and passed; False while it runs and when it failed. */
    public static final String READY = "Ready";
    /** True when the LoadTest cannot proceed (invalid spec or loadfile) or its run failed; reason says why. */
    public static final String STALLED = "Stalled";
    /** The verdict: Unknown while the run is in progress, True when it passed, False when it failed. */
    public static final String SUCCEEDED = "Succeeded";
    /**
     * Whether every threshold is met on the merged statistics: live while running, final once finished. True with
     * reason NoThresholds when the spec has none; Unknown before any statistics exist.
     */
    public static final String THRESHOLDS_MET = "ThresholdsMet";
    /** True when spec fields other than users and spawnRate changed while a run is in progress. */
    public static final String SPEC_DRIFTED = "SpecDrifted";

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    /** Reasons, CamelCase as the API conventions ask. */
    public static final class Reasons {
        public static final String CREATING_RUNNERS = "CreatingRunners";
        public static final String WAITING_FOR_RUNNERS = "WaitingForRunners";
        public static final String RUNNING = "Running";
        public static final String STOPPING = "Stopping";
        /** The run was stopped by the loadtest.dev/stop annotation: its figures are kept, it did not complete. */
        public static final String STOPPED = "Stopped";
        public static final String COMPLETED = "Completed";
        public static final String INVALID_SPEC = "InvalidSpec";
        public static final String LOADFILE_INVALID = "LoadfileInvalid";
        /** The ConfigMap spec.loadfile.configMap names, or its key, is not there: no run is created. */
        public static final String LOADFILE_NOT_FOUND = "LoadfileNotFound";
        public static final String RUNNER_FAILED = "RunnerFailed";
        public static final String RUNNERS_NOT_READY = "RunnersNotReady";
        /** A runner refused the start for a reason retrying cannot fix, or the spec does not fit the loadfile. */
        public static final String START_REFUSED = "StartRefused";
        public static final String THRESHOLDS_NOT_MET = "ThresholdsNotMet";
        public static final String THRESHOLD_ABORTED = "ThresholdAborted";
        /** The loadfile's LoadShape threw in tick() on the cluster: the run was stopped. */
        public static final String LOAD_SHAPE_FAILED = "LoadShapeFailed";
        public static final String THRESHOLDS_MET = "ThresholdsMet";
        public static final String NO_THRESHOLDS = "NoThresholds";
        public static final String NOT_EVALUATED = "NotEvaluated";
        public static final String SPEC_CHANGED_DURING_RUN = "SpecChangedDuringRun";
        public static final String NO_DRIFT = "NoDrift";

        private Reasons() {
        }
    }

    private Conditions() {
    }
}
