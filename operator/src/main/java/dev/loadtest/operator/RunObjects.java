package dev.loadtest.operator;

import dev.loadtest.api.v1alpha1.LoadTest;

/** The writes a run needs on the API server; {@link KubernetesRunObjects} does them with the Fabric8 client. */
interface RunObjects {

    /**
     * Creates what of the run's Secret, ConfigMap and Job is missing (an object that exists is left as it is), each
     * through {@code creates}.
     */
    void create(LoadTest loadTest, RunAction.CreateRunObjects objects, Creates creates);

    void stopRemainingRunners(LoadTest loadTest, String runId);

    /** Deletes the run's Job (its pods with it), Secret and ConfigMap; those already gone are skipped. */
    void delete(LoadTest loadTest, String runId);

    void deleteLoadTest(LoadTest loadTest);
}
