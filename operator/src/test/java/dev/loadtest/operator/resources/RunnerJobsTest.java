package dev.loadtest.operator.resources;

import dev.loadtest.api.v1alpha1.ConfigMapLoadfile;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.api.v1alpha1.RunnerPodSpec;
import dev.loadtest.operator.Fixtures;
import dev.loadtest.operator.config.RunnerPodDefaults;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
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
        Job fromConfigMap = RunnerJobs.desired(lt, "a1b2c3", IMAGE, 8089);
        var volume = fromConfigMap.getSpec().getTemplate().getSpec().getVolumes().getFirst();
        assertThat(volume.getConfigMap().getName()).isEqualTo("shop-loadfile");
        assertThat(volume.getConfigMap().getItems()).as("every key: data files sit beside the loadfile").isNullOrEmpty();
        assertThat(runner(fromConfigMap).getArgs()).endsWith("-f", "/loadtest/loadfile/ShopUser.java");
        cm.setKey("loadtest.jar");
        assertThat(runner(RunnerJobs.desired(lt, "a1b2c3", IMAGE, 8089)).getArgs()).as("a jar under binaryData")
                .endsWith("-f", "/loadtest/loadfile/loadtest.jar");

        LoadfileSource path = new LoadfileSource();
        path.setPath("/loadfiles/shop.jar");
        lt.getSpec().setLoadfile(path);
        Job job = RunnerJobs.desired(lt, "a1b2c3", IMAGE, 8089);
        assertThat(runner(job).getArgs()).endsWith("-f", "/loadfiles/shop.jar");
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes()).extracting(v -> v.getName())
                .as("no loadfile volume, only the runner's writable /tmp").containsExactly(RunnerJobs.TMP_VOLUME);
    }

    @Test
    void runnerPodsMeetTheRestrictedProfileByDefault() {
        Job job = RunnerJobs.desired(Fixtures.loadTest("checkout"), "a1b2c3", IMAGE, 8089);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        SecurityContext container = runner(job).getSecurityContext();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
        // the read-only root needs a writable java.io.tmpdir for the compiled loadfile
        Volume tmp = pod.getVolumes().stream().filter(v -> v.getName().equals(RunnerJobs.TMP_VOLUME)).findFirst().orElseThrow();
        assertThat(tmp.getEmptyDir()).isNotNull();
        assertThat(runner(job).getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(RunnerJobs.TMP_VOLUME);
            assertThat(m.getMountPath()).isEqualTo("/tmp");
            assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        });
    }

    @Test
    void runnersKnowTheirLoadTestForTheirMetricLabels() {
        Job job = RunnerJobs.desired(Fixtures.loadTest("checkout"), "a1b2c3", IMAGE, 8089);
        assertThat(env(job, "LOADTEST_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        assertThat(env(job, "LOADTEST_NAME").getValue()).isEqualTo("checkout");
    }

    @Test
    void platformFieldsOfRunnerPodAreApplied() {
        LoadTest lt = Fixtures.loadTest("checkout");
        RunnerPodSpec pod = new RunnerPodSpec();
        pod.setImagePullSecrets(List.of(new LocalObjectReference("registry-creds")));
        pod.setPriorityClassName("load-generators");
        pod.setTopologySpreadConstraints(List.of(new TopologySpreadConstraintBuilder().withMaxSkew(1)
                .withTopologyKey("kubernetes.io/hostname").withWhenUnsatisfiable("ScheduleAnyway").build()));
        pod.setVolumes(List.of(new VolumeBuilder().withName("data").withNewConfigMap().withName("shop-data").endConfigMap().build()));
        pod.setVolumeMounts(List.of(new VolumeMountBuilder().withName("data").withMountPath("/data").build()));
        pod.setEnvFrom(List.of(new EnvFromSourceBuilder().withNewSecretRef().withName("api-keys").endSecretRef().build()));
        pod.setSecurityContext(new PodSecurityContextBuilder().withRunAsNonRoot(true).withRunAsUser(20002L).build());
        pod.setContainerSecurityContext(new SecurityContextBuilder().withReadOnlyRootFilesystem(false).build());
        lt.getSpec().setRunnerPod(pod);
        Job job = RunnerJobs.desired(lt, "a1b2c3", IMAGE, 8089);
        PodSpec spec = job.getSpec().getTemplate().getSpec();
        assertThat(spec.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("registry-creds");
        assertThat(spec.getPriorityClassName()).isEqualTo("load-generators");
        assertThat(spec.getTopologySpreadConstraints()).singleElement()
                .satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
        assertThat(spec.getVolumes()).extracting(Volume::getName).containsExactly("loadfile", RunnerJobs.TMP_VOLUME, "data");
        assertThat(runner(job).getVolumeMounts()).extracting(m -> m.getMountPath())
                .containsExactly(RunnerJobs.LOADFILE_MOUNT, "/tmp", "/data");
        assertThat(runner(job).getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("api-keys"));
        assertThat(spec.getSecurityContext().getRunAsUser()).as("the LoadTest's own, not the default").isEqualTo(20002L);
        assertThat(runner(job).getSecurityContext().getReadOnlyRootFilesystem()).isFalse();
    }

    @Test
    void aMountOfItsOwnAtTmpReplacesTheRunnersEmptyDir() {
        LoadTest lt = Fixtures.loadTest("checkout");
        RunnerPodSpec pod = new RunnerPodSpec();
        pod.setVolumes(List.of(new VolumeBuilder().withName("scratch").withNewEmptyDir().withMedium("Memory").endEmptyDir().build()));
        pod.setVolumeMounts(List.of(new VolumeMountBuilder().withName("scratch").withMountPath("/tmp").build()));
        lt.getSpec().setRunnerPod(pod);
        Job job = RunnerJobs.desired(lt, "a1b2c3", IMAGE, 8089);
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes()).extracting(Volume::getName)
                .containsExactly("loadfile", "scratch");
    }

    @Test
    void operatorDefaultsLieUnderTheLoadTestsRunnerPod() {
        RunnerPodSpec defaults = RunnerPodDefaults.parse("""
                image: mirror.example/loadtest/runner:1.2.3
                priorityClassName: batch-low
                imagePullSecrets:
                  - name: mirror-creds
                resources:
                  limits:
                    memory: 1Gi
                """, "test");
        LoadTest lt = Fixtures.loadTest("checkout");
        RunnerPodSpec own = new RunnerPodSpec();
        own.setPriorityClassName("load-generators");
        lt.getSpec().setRunnerPod(own);
        Job job = RunnerJobs.desired(lt, "a1b2c3", defaults, IMAGE, 8089);
        PodSpec spec = job.getSpec().getTemplate().getSpec();
        assertThat(runner(job).getImage()).as("the defaults' image over the operator's").isEqualTo("mirror.example/loadtest/runner:1.2.3");
        assertThat(spec.getPriorityClassName()).as("the LoadTest wins").isEqualTo("load-generators");
        assertThat(spec.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("mirror-creds");
        assertThat(runner(job).getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
        assertThat(spec.getSecurityContext()).as("restricted, as neither sets one").isEqualTo(RunnerPodSpecs.restrictedPod());
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
