package dev.loadtest.runner.metrics;

import java.util.Map;

/**
 * The labels that tie a runner's metrics to its LoadTest; with the run id they are on every meter. In a pod
 * the operator sets them through the environment; a local run has no LoadTest and says {@value #LOCAL}.
 *
 * @param namespace the LoadTest's namespace ({@code LOADTEST_NAMESPACE})
 * @param loadtest  the LoadTest's name ({@code LOADTEST_NAME})
 * @param runner    this runner's id ({@code LOADTEST_RUNNER_ID})
 */
public record MetricLabels(String namespace, String loadtest, String runner) {

    public static final String LOCAL = "local";

    public MetricLabels {
        namespace = orLocal(namespace);
        loadtest = orLocal(loadtest);
        runner = orLocal(runner);
    }

    /** A run on a developer's machine: no LoadTest around it. */
    public static MetricLabels local(String runner) {
        return new MetricLabels(LOCAL, LOCAL, runner);
    }

    /** A worker's labels from its pod environment, with {@code runnerId} as already chosen by the worker. */
    public static MetricLabels fromEnvironment(Map<String, String> env, String runnerId) {
        return new MetricLabels(env.get("LOADTEST_NAMESPACE"), env.get("LOADTEST_NAME"), runnerId);
    }

    private static String orLocal(String value) {
        return value == null || value.isBlank() ? LOCAL : value;
    }
}
