package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs one pod: sets up its files and environment, starts its containers as processes (init containers
 * one after the other first), follows their exits and readiness, writes the pod status, and stops the
 * processes when the pod is deleted. Every method runs on the kubelet's single loop thread.
 */
final class PodWorker {
    private static final Duration MAX_GRACE = Duration.ofSeconds(10);
    private static final int MESSAGE_LIMIT = 4096;

    private final ProcessKubelet kubelet;
    private Pod pod;
    final String uid;
    final String namespace;
    final String name;
    final Path podDir;
    final Path root;
    final String podIp;
    private final Instant startTime = Instant.now();
    private final List<ContainerRun> inits = new ArrayList<>();
    private final List<ContainerRun> mains = new ArrayList<>();
    private final Map<String, String> conditionTimes = new HashMap<>();
    private final Map<String, Boolean> conditionValues = new HashMap<>();
    private boolean setUp;
    private boolean terminating;
    private boolean gone;
    private String failedReason;
    private String failedMessage;
    private String lastWritten;

    PodWorker(ProcessKubelet kubelet, Pod pod, String podIp) {
        this.kubelet = kubelet;
        this.pod = pod;
        this.uid = pod.getMetadata().getUid();
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.podDir = kubelet.podsDir().resolve(namespace + "_" + name + "_" + uid);
        this.root = podDir.resolve("root");
        this.podIp = podIp;
        for (Container c : nullToEmpty(pod.getSpec().getInitContainers())) {
            inits.add(new ContainerRun(c, true));
        }
        for (Container c : pod.getSpec().getContainers()) {
            mains.add(new ContainerRun(c, false));
        }
    }

    void update(Pod latest) {
        this.pod = latest;
        if (latest.getMetadata().getDeletionTimestamp() != null && !terminating) {
            long grace = latest.getMetadata().getDeletionGracePeriodSeconds() == null ? 30
                    : latest.getMetadata().getDeletionGracePeriodSeconds();
            terminate(Duration.ofSeconds(grace));
        }
    }

    /** Prepares files, credentials and env; on a missing ConfigMap/Secret it reports it and tries again in 1 s. */
    void setUp() {
        if (terminating || gone) {
            return;
        }
        try {
            for (ContainerRun run : all()) {
                if (inContainer(run)) {
                    String missing = kubelet.containers().missingImage(run.spec.getImage());
                    if (missing != null) {
                        failedReason = "ErrImageNeverPull";
                        failedMessage = missing;
                        run.waitingReason = failedReason;
                        run.waitingMessage = failedMessage;
                        writeStatus();
                        return;
                    }
                    continue;
                }
                if (kubelet.images().find(run.spec.getImage()).isEmpty()) {
                    failedReason = "ErrImageNeverPull";
                    failedMessage = "image \"" + run.spec.getImage() + "\" of container " + run.name()
                            + " is not mapped to a local command; map it with KubeCluster.builder().image(\""
                            + run.spec.getImage() + "\", ImageCommand...) (mapped prefixes: " + kubelet.images().prefixes() + ")";
                    run.waitingReason = failedReason;
                    run.waitingMessage = failedMessage;
                    writeStatus();
                    return;
                }
            }
            Files.createDirectories(root.resolve("dev"));
            Files.createDirectories(root.resolve("tmp"));
            kubelet.volumes().mount(pod, podIp, podDir, root);
            Map<String, String> base = baseEnv();
            base.putAll(ServiceAccountCredentials.prepare(kubelet.client(), pod, podDir, root, kubelet.apiServerUrl()));
            Map<String, String> containerBase = new LinkedHashMap<>(base);
            // a real container has its image's PATH, JAVA_HOME and HOME, and no host folders
            HOST_ONLY_ENV.forEach(containerBase::remove);
            for (ContainerRun run : all()) {
                Map<String, String> env = kubelet.environment().resolve(pod, run.spec, podIp,
                        inContainer(run) ? containerBase : base);
                if (!inContainer(run)) {
                    env.put("POD_ROOT", root.toString()); // the process relies on it: the container may not override it
                }
                env.put(ContainerRun.MARKER, run.marker(uid)); // finds the container's orphans later
                run.env = env;
                run.waitingReason = null;
                run.waitingMessage = null;
            }
            setUp = true;
            startNext();
        } catch (PodConfigException e) {
            for (ContainerRun run : all()) {
                run.waitingReason = "CreateContainerConfigError";
                run.waitingMessage = e.getMessage();
            }
            writeStatus();
            kubelet.later(Duration.ofSeconds(1), () -> {
                if (!setUp) {
                    setUp();
                }
            });
            return;
        } catch (KubernetesClientException e) {
            // reading the pod's ConfigMaps, Secrets or token from a busy API server timed out: as the kubelet does, retry
            kubelet.log("cannot set up pod " + namespace + "/" + name + ": " + e.getMessage() + "; retrying in 1 s");
            kubelet.later(Duration.ofSeconds(1), () -> {
                if (!setUp) {
                    setUp();
                }
            });
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the folder of pod " + namespace + "/" + name, e);
        }
        writeStatus();
    }

    /** What {@link #baseEnv()} takes from the host or points into it: not for a container run from its image. */
    private static final List<String> HOST_ONLY_ENV = List.of("PATH", "LANG", "LC_ALL", "JAVA_HOME", "TZ", "HOME", "TMPDIR",
            "POD_ROOT");

    private boolean inContainer(ContainerRun run) {
        return kubelet.images().find(run.spec.getImage()).orElse(null) instanceof DockerImage;
    }

    private Map<String, String> baseEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        // Only what a process needs to run at all: the test JVM's own env (KUBECONFIG, credentials) must not leak in.
        copyHostEnv(env, "PATH", "LANG", "LC_ALL", "JAVA_HOME", "TZ");
        env.put("HOME", root.toString());
        env.put("TMPDIR", root.resolve("tmp").toString());
        env.put("HOSTNAME", name);
        env.put("POD_ROOT", root.toString());
        env.put("POD_IP", podIp);
        env.put("POD_NAME", name);
        env.put("POD_NAMESPACE", namespace);
        env.put("KUBERNETES_SERVICE_HOST", "127.0.0.1");
        env.put("KUBERNETES_SERVICE_PORT", String.valueOf(kubelet.apiServerPort()));
        env.put("KUBERNETES_SERVICE_PORT_HTTPS", String.valueOf(kubelet.apiServerPort()));
        return env;
    }

    private static void copyHostEnv(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = System.getenv(n);
            if (v != null) {
                env.put(n, v);
            }
        }
    }

    private void startNext() {
        for (ContainerRun init : inits) {
            if (init.completedSuccessfully()) {
                continue;
            }
            if (init.process == null || (!init.isRunning() && !init.restartPending && init.terminated == null)) {
                start(init);
            }
            return; // one init container at a time, in order
        }
        for (ContainerRun run : mains) {
            if (run.process == null && run.terminated == null) {
                start(run);
            }
        }
    }

    private void start(ContainerRun run) {
        if (terminating || gone) {
            return;
        }
        run.restartPending = false;
        Container expanded = new ContainerBuilder(run.spec)
                .withCommand(ContainerEnvironment.expand(run.spec.getCommand(), run.env))
                .withArgs(ContainerEnvironment.expand(run.spec.getArgs(), run.env))
                .build();
        try {
            if (inContainer(run)) {
                try {
                    startContainer(run, expanded);
                } catch (PodConfigException e) {
                    // as the kubelet: the container is not created, and the pod waits with the reason
                    run.process = null;
                    run.waitingReason = "CreateContainerConfigError";
                    run.waitingMessage = e.getMessage();
                    writeStatus();
                }
                return;
            }
            ImageCommand image = kubelet.images().find(run.spec.getImage()).orElseThrow();
            run.command = image.command(expanded, new PodContext(pod, podDir, root, podIp, run.env));
            Path workDir = run.spec.getWorkingDir() == null || run.spec.getWorkingDir().isEmpty()
                    ? root : PodVolumes.under(root, run.spec.getWorkingDir());
            Files.createDirectories(workDir);
            Path terminationLog = terminationMessageFile(run);
            Files.createDirectories(terminationLog.getParent());
            Files.deleteIfExists(terminationLog);
            ProcessBuilder pb = new ProcessBuilder(run.command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(run).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(run.env);
            run.terminated = null;
            run.ready = false;
            run.probeSuccesses = 0;
            run.probeFailures = 0;
            run.startedAt = Instant.now();
            run.process = pb.start();
            started(run);
        } catch (IOException | RuntimeException e) {
            run.startedAt = run.startedAt == null ? Instant.now() : run.startedAt;
            run.terminated = new ContainerStateTerminatedBuilder().withExitCode(128).withReason("StartError")
                    .withMessage("cannot start container " + run.name()
                            + (run.command == null ? "" : " as " + run.command) + ": " + e.getMessage())
                    .withStartedAt(Times.format(run.startedAt)).withFinishedAt(Times.now()).build();
            afterExit(run);
        }
    }

    /** Container mode: the container from its image in the Docker engine ({@link DockerContainers}). */
    private void startContainer(ContainerRun run, Container expanded) throws IOException {
        run.command = null;
        run.terminated = null;
        run.ready = false;
        run.probeSuccesses = 0;
        run.probeFailures = 0;
        run.startedAt = Instant.now();
        run.process = kubelet.containers().start(pod, expanded, run.env, podDir, root, logFile(run), terminationMessageFile(run));
        started(run);
    }

    private void started(ContainerRun run) {
        ProcessGuard.track(run.process.toHandle());
        Process started = run.process;
        started.onExit().thenRun(() -> kubelet.onLoop(() -> exited(run, started)));
        if (!run.init) {
            startProbe(run);
        }
    }

    private void startProbe(ContainerRun run) {
        if (run.spec.getReadinessProbe() == null) {
            run.ready = true;
            return;
        }
        ProbeCheck check = new ProbeCheck(run.spec.getReadinessProbe(), run.spec, podIp, run.env, root, kubelet.http());
        Process probed = run.process;
        run.probeTask = kubelet.probes().scheduleWithFixedDelay(() -> {
            boolean ok = probed.isAlive() && check.passes();
            kubelet.onLoop(() -> probed(run, probed, check, ok));
        }, check.initialDelay().toMillis(), check.period().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probed(ContainerRun run, Process probed, ProbeCheck check, boolean ok) {
        if (run.process != probed || gone) {
            return;
        }
        run.rememberDescendants(kubelet.processTable());
        if (ok) {
            run.probeFailures = 0;
            run.probeSuccesses++;
            if (!run.ready && run.probeSuccesses >= check.successThreshold()) {
                run.ready = true;
                writeStatus();
            }
        } else {
            run.probeSuccesses = 0;
            run.probeFailures++;
            if (run.ready && run.probeFailures >= check.failureThreshold()) {
                run.ready = false;
                writeStatus();
            }
        }
    }

    private void exited(ContainerRun run, Process process) {
        if (run.process != process) {
            return;
        }
        ProcessGuard.untrack(process.toHandle());
        cancelProbe(run);
        run.ready = false;
        killLeftovers(run); // like a container runtime, the container ends with its main process
        if (terminating) {
            if (all().stream().noneMatch(ContainerRun::isRunning)) {
                finishDeletion();
            }
            return;
        }
        int exitCode = process.exitValue();
        run.terminated = new ContainerStateTerminatedBuilder()
                .withExitCode(exitCode)
                .withReason(exitCode == 0 ? "Completed" : "Error")
                .withMessage(terminationMessage(run, exitCode))
                .withStartedAt(Times.format(run.startedAt))
                .withFinishedAt(Times.now())
                .withContainerID(ContainerRun.containerId(process))
                .build();
        afterExit(run);
    }

    private void afterExit(ContainerRun run) {
        String policy = Objects.requireNonNullElse(pod.getSpec().getRestartPolicy(), "Always");
        boolean failed = run.terminated.getExitCode() != 0;
        boolean restart = !run.init && (policy.equals("Always") || (policy.equals("OnFailure") && failed))
                || run.init && failed && !policy.equals("Never");
        if (restart) {
            run.restartPending = true;
            Duration backoff = Duration.ofMillis(Math.min(5000, 500L * (1L << Math.min(run.restarts, 4))));
            kubelet.later(backoff, () -> {
                if (!terminating && !gone && run.restartPending) {
                    run.lastTerminated = run.terminated;
                    run.restarts++;
                    run.process = null;
                    run.terminated = null;
                    start(run);
                    writeStatus();
                }
            });
        } else if (run.init && !failed) {
            startNext();
        }
        writeStatus();
    }

    private String terminationMessage(ContainerRun run, int exitCode) {
        String message = "";
        try {
            Path file = terminationMessageFile(run);
            if (Files.isRegularFile(file)) {
                message = readTail(file, MESSAGE_LIMIT);
            }
            if (message.isBlank() && exitCode != 0
                    && "FallbackToLogsOnError".equals(run.spec.getTerminationMessagePolicy())) {
                List<String> lines = Files.readAllLines(logFile(run), StandardCharsets.UTF_8);
                String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
                message = tail.length() > 2048 ? tail.substring(tail.length() - 2048) : tail;
            }
        } catch (IOException | UncheckedIOException | PodConfigException e) {
            message = "(cannot read the termination message: " + e.getMessage() + ")";
        }
        return message.isEmpty() ? null : message;
    }

    private static String readTail(Path file, int limit) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int from = Math.max(0, bytes.length - limit);
        return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    }

    private Path terminationMessageFile(ContainerRun run) {
        String path = run.spec.getTerminationMessagePath();
        return PodVolumes.under(root, path == null || path.isEmpty() ? "/dev/termination-log" : path);
    }

    Path logFile(ContainerRun run) {
        return podDir.resolve(run.name() + ".log");
    }

    /** SIGTERM every process of the pod; SIGKILL after the grace period (capped); then the object is deleted. */
    void terminate(Duration requestedGrace) {
        terminating = true;
        all().forEach(this::cancelProbe);
        List<ContainerRun> running = all().stream().filter(ContainerRun::isRunning).toList();
        if (running.isEmpty()) {
            finishDeletion();
            return;
        }
        for (ContainerRun run : running) {
            run.process.destroy();
            run.leftovers(uid).forEach(ProcessHandle::destroy);
        }
        Duration grace = requestedGrace.compareTo(MAX_GRACE) > 0 ? MAX_GRACE : requestedGrace;
        kubelet.later(grace, () -> running.forEach(r -> {
            if (r.process != null) {
                if (r.process instanceof ContainerProcess container) {
                    container.destroyForcibly(); // SIGKILL through the engine, as the runtime would
                }
                ProcessTree.kill(r.process.toHandle());
            }
            killLeftovers(r);
        }));
    }

    private void finishDeletion() {
        if (gone) {
            return;
        }
        gone = true;
        all().forEach(this::killLeftovers);
        kubelet.deleteNow(pod);
        kubelet.forget(uid);
    }

    /** The pod object is gone (force-deleted, or the cluster closes): stop everything at once. */
    void killNow(Duration grace) {
        gone = true;
        ProcessTree.Table table = ProcessTree.Table.now();
        for (ContainerRun run : all()) {
            cancelProbe(run);
            if (run.process != null) {
                run.rememberDescendants(table);
                ProcessTree.stop(run.process.toHandle(), grace);
                ProcessGuard.untrack(run.process.toHandle());
            }
            killLeftovers(run);
        }
    }

    private void killLeftovers(ContainerRun run) {
        run.leftovers(uid).forEach(ProcessTree::kill);
    }

    private void cancelProbe(ContainerRun run) {
        if (run.probeTask != null) {
            run.probeTask.cancel(false);
            run.probeTask = null;
        }
    }

    void writeStatus() {
        if (gone || terminating) {
            return;
        }
        PodStatus status = status();
        String json = io.fabric8.kubernetes.client.utils.Serialization.asJson(status);
        if (json.equals(lastWritten)) {
            return;
        }
        try {
            if (!kubelet.statusWriter().write(namespace, name, status)) {
                return; // the pod is gone; its delete event follows
            }
            lastWritten = json;
        } catch (KubernetesClientException e) {
            kubelet.log("cannot write the status of pod " + namespace + "/" + name + ": " + e.getMessage()
                    + "; retrying in 1 s");
            // the status may not change again by itself (a Running, Ready pod): without a retry it would stay unwritten
            kubelet.later(Duration.ofSeconds(1), this::writeStatus);
        }
    }

    PodStatus status() {
        boolean initialized = inits.stream().allMatch(ContainerRun::completedSuccessfully);
        boolean containersReady = initialized && mains.stream().allMatch(r -> r.ready && r.isRunning());
        String phase = phase(initialized);
        List<PodCondition> conditions = List.of(
                condition("PodScheduled", true),
                condition("Initialized", initialized),
                condition("ContainersReady", containersReady),
                condition("Ready", containersReady));
        PodStatusBuilder b = new PodStatusBuilder()
                .withPhase(phase)
                .withHostIP("127.0.0.1")
                .withPodIP(podIp)
                .withPodIPs(new PodIPBuilder().withIp(podIp).build())
                .withStartTime(Times.format(startTime))
                .withConditions(conditions)
                .withContainerStatuses(mains.stream().map(ContainerRun::status).toList());
        if (!inits.isEmpty()) {
            b.withInitContainerStatuses(inits.stream().map(ContainerRun::status).toList());
        }
        if (failedReason != null) {
            b.withReason(failedReason).withMessage(failedMessage);
        }
        return b.build();
    }

    private String phase(boolean initialized) {
        if (failedReason != null) {
            return "Failed";
        }
        boolean initFailedForGood = inits.stream().anyMatch(r -> r.terminated != null && r.terminated.getExitCode() != 0 && !r.restartPending);
        if (initFailedForGood) {
            return "Failed";
        }
        if (!initialized || mains.stream().anyMatch(r -> r.process == null && r.terminated == null && !r.restartPending)) {
            return "Pending";
        }
        boolean allDone = mains.stream().allMatch(r -> r.terminated != null && !r.restartPending);
        if (allDone) {
            return mains.stream().allMatch(r -> r.terminated.getExitCode() == 0) ? "Succeeded" : "Failed";
        }
        return "Running";
    }

    private PodCondition condition(String type, boolean value) {
        Boolean previous = conditionValues.put(type, value);
        if (previous == null || previous != value) {
            conditionTimes.put(type, Times.now());
        }
        return new PodConditionBuilder().withType(type).withStatus(value ? "True" : "False")
                .withLastTransitionTime(conditionTimes.get(type))
                .withReason(!value && (type.equals("Ready") || type.equals("ContainersReady")) ? "ContainersNotReady" : null)
                .build();
    }

    List<ContainerRun> all() {
        List<ContainerRun> all = new ArrayList<>(inits);
        all.addAll(mains);
        return all;
    }

    Pod pod() {
        return pod;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
