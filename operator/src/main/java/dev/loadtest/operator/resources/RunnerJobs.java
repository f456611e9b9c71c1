package dev.loadtest.operator.resources;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.api.v1alpha1.RunnerPodSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner Job of a run: {@code parallelism = completions = runners}, non-indexed (Kubernetes 1.20), pods that
 * run the runner in worker mode. Nothing run-specific is on the command line: users, host, tags and options come
 * in {@code POST /start}, so that users and spawn rate can change while the pods run.
 */
public final class RunnerJobs {

    public static final String CONTAINER = "runner";
    public static final String LOADFILE_VOLUME = "loadfile";
    /**
     * Where a ConfigMap loadfile (referenced or inline) is mounted, every key a file: the .java sources or the jar,
     * and the data files beside them (the runner publishes this folder as the loadtest.loadfile.dir property).
     */
    public static final String LOADFILE_MOUNT = "/loadtest/loadfile";
    /** The runner's only write place (java.io.tmpdir): an emptyDir, so that the root file system can be read-only. */
    public static final String TMP_VOLUME = "loadtest-tmp";
    public static final String TMP_MOUNT = "/tmp";

    private RunnerJobs() {
    }

    /** {@link #desired(LoadTest, String, RunnerPodSpec, String, int)} without operator-wide pod defaults. */
    public static Job desired(LoadTest loadTest, String runId, String defaultImage, int port) {
        return desired(loadTest, runId, null, defaultImage, port);
    }

    /**
     * @param podDefaults  the operator's runner pod defaults, under spec.runnerPod (may be null)
     * @param defaultImage the operator's runner image, used unless spec.runnerPod.image or the defaults set one
     * @param port         the runner's control and metrics port
     */
    public static Job desired(LoadTest loadTest, String runId, RunnerPodSpec podDefaults, String defaultImage, int port) {
        String name = loadTest.getMetadata().getName();
        LoadTestSpec spec = loadTest.getSpec();
        int runners = spec.getRunners() == null ? 1 : spec.getRunners();
        RunnerPodSpec pod = RunnerPodSpecs.merge(podDefaults, spec.getRunnerPod());

        Map<String, String> podLabels = new LinkedHashMap<>();
        if (pod.getLabels() != null) {
            podLabels.putAll(pod.getLabels());
        }
        // ours last: user labels must not break the selector the operator finds its runners by
        podLabels.putAll(Labels.forRun(name, runId, Labels.RUNNER));

        Map<String, String> podAnnotations = new LinkedHashMap<>();
        if (pod.getAnnotations() != null) {
            podAnnotations.putAll(pod.getAnnotations());
        }
        podAnnotations.put("prometheus.io/scrape", "true");
        podAnnotations.put("prometheus.io/port", String.valueOf(port));
        podAnnotations.put("prometheus.io/path", "/metrics");
        podAnnotations.put(Labels.LOADTEST_ANNOTATION, name);

        return new JobBuilder()
                .withNewMetadata()
                .withName(Names.runnerJob(name, runId))
                .withNamespace(loadTest.getMetadata().getNamespace())
                .withLabels(Labels.forRun(name, runId, Labels.RUNNER))
                .withAnnotations(Map.of(Labels.LOADTEST_ANNOTATION, name))
                .withOwnerReferences(Owners.controller(loadTest))
                .endMetadata()
                .withNewSpec()
                .withParallelism(runners)
                .withCompletions(runners)
                // a runner that dies is recorded as failed, not silently replaced mid-run with empty statistics
                .withBackoffLimit(0)
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(podLabels)
                .withAnnotations(podAnnotations)
                .endMetadata()
                .withSpec(podSpec(loadTest, runId, pod, defaultImage, port))
                .endTemplate()
                .endSpec()
                .build();
    }

    private static PodSpec podSpec(LoadTest loadTest, String runId, RunnerPodSpec pod, String defaultImage, int port) {
        LoadfileSource loadfile = loadTest.getSpec().getLoadfile();
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        String loadfilePath;
        if (loadfile.getPath() != null) {
            loadfilePath = loadfile.getPath();
        } else {
            volumes.add(loadfileVolume(loadTest, runId));
            mounts.add(new VolumeMountBuilder().withName(LOADFILE_VOLUME).withMountPath(LOADFILE_MOUNT).withReadOnly(true)
                    .build());
            String key = loadfile.getConfigMap() == null ? null : loadfile.getConfigMap().getKey();
            // "/." names the mounted folder itself even where the mount point is a symbolic link to it (as with
            // the test cluster's process kubelet), which a directory walk that does not follow links would skip
            loadfilePath = key == null ? LOADFILE_MOUNT + "/." : LOADFILE_MOUNT + "/" + key;
        }
        if (nullToEmpty(pod.getVolumeMounts()).stream().noneMatch(m -> TMP_MOUNT.equals(m.getMountPath()))) {
            volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
            mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath(TMP_MOUNT).build());
        }
        volumes.addAll(nullToEmpty(pod.getVolumes()));
        mounts.addAll(nullToEmpty(pod.getVolumeMounts()));
        Container runner = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(pod.getImage() != null ? pod.getImage() : defaultImage)
                .withImagePullPolicy(pod.getImagePullPolicy())
                .withArgs("worker", "--bind-env", "POD_IP", "--port", String.valueOf(port), "-f", loadfilePath)
                .withEnvFrom(pod.getEnvFrom())
                .withEnv(env(loadTest, runId))
                .addNewPort().withName("http").withContainerPort(port).withProtocol("TCP").endPort()
                .withNewReadinessProbe()
                .withNewHttpGet().withPath("/readyz").withPort(new IntOrString(port)).endHttpGet()
                // every second: a runner's start is counted from apply to its first request, and a probe that
                // comes every 2 s added up to 2 s to it; a /readyz answer costs the runner microseconds
                .withPeriodSeconds(1)
                .withFailureThreshold(1)
                .endReadinessProbe()
                .withResources(pod.getResources())
                .withVolumeMounts(mounts)
                .withSecurityContext(pod.getContainerSecurityContext() != null ? pod.getContainerSecurityContext()
                        : RunnerPodSpecs.restrictedContainer())
                // a loadfile that does not compile is reported as File.java:LINE: message in the termination
                // message; the logs are the fallback should the runner die before writing it
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
        return new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withServiceAccountName(pod.getServiceAccountName())
                // runners never talk to the Kubernetes API
                .withAutomountServiceAccountToken(false)
                .withNodeSelector(pod.getNodeSelector())
                .withTolerations(pod.getTolerations())
                .withAffinity(pod.getAffinity())
                .withImagePullSecrets(pod.getImagePullSecrets())
                .withSecurityContext(pod.getSecurityContext() != null ? pod.getSecurityContext() : RunnerPodSpecs.restrictedPod())
                .withPriorityClassName(pod.getPriorityClassName())
                .withTopologySpreadConstraints(pod.getTopologySpreadConstraints())
                .withContainers(runner)
                .withVolumes(volumes)
                .build();
    }

    private static Volume loadfileVolume(LoadTest loadTest, String runId) {
        LoadfileSource loadfile = loadTest.getSpec().getLoadfile();
        if (loadfile.getConfigMap() != null) {
            // every key, the loadfile's key selected by -f: the other keys are data files beside the loadfile
            return new VolumeBuilder().withName(LOADFILE_VOLUME)
                    .withNewConfigMap().withName(loadfile.getConfigMap().getName()).endConfigMap()
                    .build();
        }
        return new VolumeBuilder().withName(LOADFILE_VOLUME)
                .withNewConfigMap().withName(Names.loadfileConfigMap(loadTest.getMetadata().getName(), runId))
                .endConfigMap()
                .build();
    }

    private static List<EnvVar> env(LoadTest loadTest, String runId) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("LOADTEST_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                .withName(Names.tokenSecret(loadTest.getMetadata().getName(), runId))
                .withKey(RunnerSecrets.TOKEN_KEY).endSecretKeyRef().endValueFrom().build());
        env.add(new EnvVarBuilder().withName("LOADTEST_RUNNER_ID").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().build());
        env.add(new EnvVarBuilder().withName("POD_IP").withNewValueFrom().withNewFieldRef()
                .withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
        // the runner labels its metrics with them (MetricLabels), so dashboards select a cluster run by its LoadTest
        env.add(new EnvVarBuilder().withName("LOADTEST_NAMESPACE").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build());
        env.add(new EnvVarBuilder().withName("LOADTEST_NAME").withValue(loadTest.getMetadata().getName()).build());
        if (loadTest.getSpec().getEnv() != null) {
            env.addAll(loadTest.getSpec().getEnv());
        }
        return env;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
