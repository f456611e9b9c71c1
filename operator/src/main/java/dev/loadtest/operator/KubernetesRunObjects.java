package dev.loadtest.operator;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.RunnerPodSpec;
import dev.loadtest.operator.resources.Names;
import dev.loadtest.operator.resources.RunnerJobs;
import dev.loadtest.operator.resources.RunnerSecrets;
import dev.loadtest.operator.run.RunSpecs;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.logging.Log;

/**
 * A run's objects on the API server, with the Fabric8 client.
 *
 * <p>Why not JOSDK dependent resources for the Secret, ConfigMap and Job: a dependent resource reconciles one
 * desired object per primary, on every reconcile, while a run's objects are created once per run id, in an order
 * the lifecycle decides (the run id is written to status first, the Job only once the Secret it is built from
 * exists), and several runs' objects live side by side until each one's TTL (spec.cleanup) is up. What JOSDK's
 * create-only dependents would add is what is done here: create if absent, never update, and an owner reference
 * so that garbage collection deletes them with the LoadTest. What they add beyond that, reading one's own writes,
 * comes from JOSDK too: every create goes through {@link Creates} ({@code ResourceOperations#create}), which puts the
 * created object into the informer's cache, so the reconcile that follows at once does not create it again. A 409
 * still happens when two operator instances overlap (a leader change); it is answered by reading the object from
 * the server, which is what the Job must be built from anyway.
 */
final class KubernetesRunObjects implements RunObjects {

    private final KubernetesClient client;
    private final RunnerPodSpec runnerPodDefaults;
    private final String runnerImage;
    private final int runnerPort;

    KubernetesRunObjects(KubernetesClient client, RunnerPodSpec runnerPodDefaults, String runnerImage, int runnerPort) {
        this.client = client;
        this.runnerPodDefaults = runnerPodDefaults;
        this.runnerImage = runnerImage;
        this.runnerPort = runnerPort;
    }

    @Override
    public void create(LoadTest loadTest, RunAction.CreateRunObjects objects, Creates creates) {
        String name = loadTest.getMetadata().getName();
        String ns = loadTest.getMetadata().getNamespace();
        Secret secret = objects.secretExists() ? objects.secret() : createIfAbsent(objects.secret(), creates);
        if (objects.loadfile() != null) {
            createIfAbsent(objects.loadfile(), creates);
        }
        if (!objects.jobExists()) {
            if (secret == null) {
                throw new IllegalStateException("The Secret " + Names.tokenSecret(name, objects.runId())
                        + " of run " + objects.runId() + " is gone; the Job is built from the spec in it");
            }
            // a Job started from a spec other than the one in the Secret (it changed between two reconciles)
            // would run with different settings than the run reports, so the Job uses the Secret's spec
            LoadTest asRun = new LoadTest();
            asRun.setMetadata(loadTest.getMetadata());
            asRun.setSpec(RunSpecs.fromJson(RunnerSecrets.runSpecJson(secret)));
            createIfAbsent(RunnerJobs.desired(asRun, objects.runId(), runnerPodDefaults, runnerImage, runnerPort),
                    creates);
            Log.infof("Created runner Job %s/%s", ns, Names.runnerJob(name, objects.runId()));
        }
    }

    /**
     * A failed run's Job is kept for inspection, but runners still pending or waiting for a start that will never
     * come must not linger: parallelism 0 makes the Job controller delete its active pods and keeps the failed
     * ones (with their termination messages).
     */
    @Override
    public void stopRemainingRunners(LoadTest loadTest, String runId) {
        try {
            client.batch().v1().jobs().inNamespace(loadTest.getMetadata().getNamespace())
                    .withName(Names.runnerJob(loadTest.getMetadata().getName(), runId))
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"parallelism\":0}}");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                Log.warnf("Could not stop the remaining runners of run %s: %s", runId, e.getMessage());
            }
        }
    }

    /** The Job's pods go with it (background propagation). */
    @Override
    public void delete(LoadTest loadTest, String runId) {
        String name = loadTest.getMetadata().getName();
        String ns = loadTest.getMetadata().getNamespace();
        client.batch().v1().jobs().inNamespace(ns).withName(Names.runnerJob(name, runId))
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        client.secrets().inNamespace(ns).withName(Names.tokenSecret(name, runId)).delete();
        client.configMaps().inNamespace(ns).withName(Names.loadfileConfigMap(name, runId)).delete();
    }

    @Override
    public void deleteLoadTest(LoadTest loadTest) {
        client.resource(loadTest).delete();
    }

    private <T extends HasMetadata> T createIfAbsent(T desired, Creates creates) {
        try {
            return creates.create(desired);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                Log.infof("%s %s/%s existed already (created by another operator instance)", desired.getKind(),
                        desired.getMetadata().getNamespace(), desired.getMetadata().getName());
                return client.resource(desired).get();
            }
            throw e;
        }
    }
}
