package dev.loadtest.operator.resources;

import dev.loadtest.api.v1alpha1.ConfigMapLoadfile;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.api.v1alpha1.RunnerPodSpec;
import dev.loadtest.operator.Fixtures;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunnerJobsTest {

    private static final String IMAGE = "ghcr.io/loadtest/runner:0.1.0";

    private static Container runner(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    private static EnvVar env(Job job, String name) {
        return runner(job).getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aJobOfOnePodPerRunnerThatIsNeverRetried() {
        Job job = RunnerJobs.desired(Fixtures.loadTest("checkout"), "a1b2c3", IMAGE, 8089);
        assertThat(job.getMetadata().getName()).isEqualTo("checkout-a1b2c3");
        assertThat(job.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(job.getSpec().getParallelism()).isEqualTo(3);
        assertThat(job.getSpec().getCompletions()).isEqualTo(3);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getCompletionMode()).as("non-indexed: Kubernetes 1.20").isNull();
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void runnersRunInWorkerModeAndGetEverythingElseFromStart() {
        Job job = RunnerJobs.desired(Fixtures.loadTest("checkout"), "a1b2c3", IMAGE, 8089);
        Container c = runner(job);
        assertThat(c.getImage()).isEqualTo(IMAGE);
        assertThat(c.getArgs()).containsExactly("worker", "--bind-env", "POD_IP", "--port", "8089", "-f",
                "/loadtest/loadfile/.");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8089);
        assertThat(env(job, "LOADTEST_TOKEN").getValueFrom().getSecretKeyRef().getName()).isEqualTo("checkout-a1b2c3-token");
        assertThat(env(job, "LOADTEST_TOKEN").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        assertThat(env(job, "LOADTEST_RUNNER_ID").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(env(job, "POD_IP").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "8089")
                .containsEntry("prometheus.io/path", "/metrics");
    }

    @Test
    void inlineLoadfileIsMountedFromTheRunsConfigMap() {
        LoadTest lt = Fixtures.loadTest("checkout");
        Job job = RunnerJobs.desired(lt, "a1b2c3", IMAGE, 8089);
        var volume = job.getSpec().getTemplate().getSpec().getVolumes().getFirst();
        assertThat(volume.getConfigMap().getName()).isEqualTo("checkout-a1b2c3-loadfile");
        assertThat(runner(job).getVolumeMounts().getFirst().getMountPath()).isEqualTo("/loadtest/loadfile");
        ConfigMap cm = LoadfileConfigMaps.desired(lt, "a1b2c3");
        assertThat(cm.getMetadata().getName()).isEqualTo(volume.getConfigMap().getName());
        assertThat(cm.getData()).containsEntry("ShopUser.java", Fixtures.SOURCE);
    }

    @Test
    void referencedConfigMapAndImagePathAreUsedAsGiven() {
        LoadTest lt = Fixtures.loadTest("checkout");
        LoadfileSource ref = new LoadfileSource();
        ConfigMapLoadfile cm = new ConfigMapLoadfile();
        cm.setName("shop-loadfile");
        cm.setKey("ShopUser.java");
        ref.setConfigMap(cm);
        lt.getSpec().setLoadfile(ref);
        var volume = RunnerJobs.desired(lt, "a1b2c3", IMAGE, 8089).getSpec().getTemplate().getSpec().getVolumes().getFirst();
        assertThat(volume.getConfigMap().getName()).isEqualTo("shop-loadfile");
        assertThat(volume.getConfigMap().getItems()).singleElement()
                .satisfies(i -> assertThat(i.getKey()).isEqualTo("ShopUser.java"));

        LoadfileSource path = new LoadfileSource();
        path.setPath("/loadfiles/shop.jar");
        lt.getSpec().setLoadfile(path);
        Job job = RunnerJobs.desired(lt, "a1b2c3", IMAGE, 8089);
        assertThat(runner(job).getArgs()).endsWith("-f", "/loadfiles/shop.jar");
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes()).isEmpty();
    }

    @Test
    void runnerPodSettingsAndEnvAreApplied() {
        LoadTest lt = Fixtures.loadTest("checkout");
        RunnerPodSpec pod = new RunnerPodSpec();
        pod.setImage("registry.example/runner:custom");
        pod.setLabels(Map.of("team", "shop", Labels.RUN_ID, "hijacked"));
        pod.setNodeSelector(Map.of("pool", "load"));
        lt.getSpec().setRunnerPod(pod);
        lt.getSpec().setEnv(List.of(new EnvVarBuilder().withName("API_KEY").withValue("k").build()));
        Job job = RunnerJobs.desired(lt, "a1b2c3", IMAGE, 8089);
        assertThat(runner(job).getImage()).isEqualTo("registry.example/runner:custom");
        assertThat(env(job, "API_KEY").getValue()).isEqualTo("k");
        assertThat(job.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("pool", "load");
        Map<String, String> labels = job.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(labels).containsEntry("team", "shop");
        assertThat(Labels.matches(labels, Labels.runnerSelector("checkout", "a1b2c3")))
                .as("user labels cannot break the runner selector").isTrue();
    }

    @Test
    void everythingIsControlledByTheLoadTestAndLabelled() {
        LoadTest lt = Fixtures.loadTest("checkout");
        Secret secret = RunnerSecrets.desired(lt, "a1b2c3", "t0k3n", "{}");
        for (var meta : List.of(RunnerJobs.desired(lt, "a1b2c3", IMAGE, 8089).getMetadata(), secret.getMetadata(),
                LoadfileConfigMaps.desired(lt, "a1b2c3").getMetadata())) {
            OwnerReference owner = meta.getOwnerReferences().getFirst();
            assertThat(owner.getController()).isTrue();
            assertThat(owner.getBlockOwnerDeletion()).isTrue();
            assertThat(owner.getUid()).isEqualTo(lt.getMetadata().getUid());
            assertThat(owner.getKind()).isEqualTo("LoadTest");
            assertThat(meta.getLabels()).containsEntry(Labels.MANAGED_BY, "loadtest-operator")
                    .containsEntry(Labels.INSTANCE, "checkout").containsEntry(Labels.RUN_ID, "a1b2c3")
                    .containsEntry(Labels.PART_OF, "loadtest");
            assertThat(meta.getAnnotations()).containsEntry(Labels.LOADTEST_ANNOTATION, "checkout");
        }
    }

    @Test
    void theSecretCarriesARandomTokenAndTheRunsSpec() {
        String t1 = RunnerSecrets.newToken();
        assertThat(t1).matches("[0-9a-f]{64}").isNotEqualTo(RunnerSecrets.newToken());
        Secret secret = RunnerSecrets.desired(Fixtures.loadTest("checkout"), "a1b2c3", t1, "{\"users\":10}");
        assertThat(secret.getMetadata().getName()).isEqualTo("checkout-a1b2c3-token");
        assertThat(RunnerSecrets.token(secret)).isEqualTo(t1);
        assertThat(RunnerSecrets.runSpecJson(secret)).isEqualTo("{\"users\":10}");
    }
}
