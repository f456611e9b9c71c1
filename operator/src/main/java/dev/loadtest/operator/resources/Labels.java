package dev.loadtest.operator.resources;

import dev.loadtest.api.results.ResultsConfigMaps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels and annotations on everything a LoadTest owns: the recommended {@code app.kubernetes.io/*} set, plus
 * the run id. Selectors use only the stable subset (instance, component, run id).
 */
public final class Labels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String RUN_ID = "loadtest.dev/run-id";

    /**
     * The owning LoadTest's name, as an annotation: a name can be longer than a label value may be, and the
     * operator maps pods (owned by the Job, not the LoadTest) back to their LoadTest with it.
     */
    public static final String LOADTEST_ANNOTATION = "loadtest.dev/loadtest";

    public static final String APP = "loadtest";
    public static final String MANAGER = "loadtest-operator";
    public static final String RUNNER = "runner";

    private Labels() {
    }

    /** Every object of a run. */
    public static Map<String, String> forRun(String loadTestName, String runId, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, APP);
        labels.put(INSTANCE, Names.labelValue(loadTestName));
        labels.put(COMPONENT, component);
        labels.put(PART_OF, APP);
        labels.put(MANAGED_BY, MANAGER);
        labels.put(RUN_ID, runId);
        return labels;
    }

    /** Selects the runner pods of one run. */
    public static Map<String, String> runnerSelector(String loadTestName, String runId) {
        return Map.of(INSTANCE, Names.labelValue(loadTestName), COMPONENT, RUNNER, RUN_ID, runId);
    }

    /**
     * What informers watch: only objects this operator manages, except the runs' persisted results, which can be
     * megabytes each and are read by name when needed rather than cached.
     */
    public static String managedSelector() {
        return MANAGED_BY + "=" + MANAGER + "," + COMPONENT + "!=" + ResultsConfigMaps.COMPONENT;
    }

    public static boolean matches(Map<String, String> labels, Map<String, String> selector) {
        return labels != null && selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
