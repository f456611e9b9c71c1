package dev.loadtest.runner.results;

/**
 * A cluster run as the user names it: {@code NAMESPACE/NAME/RUN_ID} or {@code NAMESPACE/NAME:RUN_ID}; without the
 * run id, the LoadTest's latest run; without the namespace ({@code NAME}, {@code NAME:RUN_ID}), the kubeconfig
 * context's namespace.
 *
 * @param namespace null for the kubeconfig context's namespace
 * @param runId     null for the LoadTest's latest run (status.runId)
 */
public record RunReference(String namespace, String name, String runId) {

    public static final String FORMS = "NAMESPACE/NAME/RUN_ID, NAMESPACE/NAME:RUN_ID, NAMESPACE/NAME (its latest run)"
            + " or NAME (the kubeconfig context's namespace)";

    /** Parses a reference; an error names the forms accepted. */
    public static RunReference parse(String text) {
        String t = text == null ? "" : text.strip();
        String runId = null;
        int colon = t.indexOf(':');
        if (colon >= 0) {
            runId = t.substring(colon + 1);
            t = t.substring(0, colon);
        }
        String[] parts = t.split("/", -1);
        if (parts.length == 3 && runId == null) {
            runId = parts[2];
            parts = new String[] {parts[0], parts[1]};
        }
        if (parts.length > 2 || (runId != null && runId.isEmpty())) {
            throw new IllegalArgumentException("'" + text + "' is not a run: write " + FORMS);
        }
        String namespace = parts.length == 2 ? parts[0] : null;
        String name = parts[parts.length - 1];
        if (name.isEmpty() || (namespace != null && namespace.isEmpty())) {
            throw new IllegalArgumentException("'" + text + "' is not a run: write " + FORMS);
        }
        return new RunReference(namespace, name, runId);
    }

    /** The same LoadTest, this run. */
    public RunReference withRun(String run) {
        return new RunReference(namespace, name, run);
    }

    @Override
    public String toString() {
        return (namespace == null ? "" : namespace + "/") + name + (runId == null ? "" : "/" + runId);
    }
}
