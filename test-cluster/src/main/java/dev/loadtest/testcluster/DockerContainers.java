package dev.loadtest.testcluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Container mode of the test kubelet: runs a pod's container from its image in the local Docker engine
 * (through docker-java; nothing is pulled), honouring what a kubelet honours and what the project relies on:
 * <ul>
 * <li>{@code command} replaces the image's entrypoint and {@code args} its cmd ({@code $(VAR)} already expanded);</li>
 * <li>the resolved env (values, fieldRefs, ConfigMap/Secret refs, envFrom);</li>
 * <li>every volumeMount as a bind mount of the volume's folder (configMap, secret, downwardAPI and projected
 * volumes read-only, as the kubelet mounts them; emptyDir writable by any uid), and the termination message
 * file at {@code terminationMessagePath};</li>
 * <li>runAsUser/runAsGroup (container over pod), runAsNonRoot (refused when the container would run as uid 0),
 * readOnlyRootFilesystem, capabilities drop/add, allowPrivilegeEscalation false (no-new-privileges);</li>
 * <li>limits.memory and limits.cpu as the container's cgroup limits;</li>
 * <li>the host network, so the container binds the pod's own 127.0.0.x address as a local process would.</li>
 * </ul>
 * Output goes to the pod's log file; the container is removed once it has exited and its output is read.
 */
final class DockerContainers {
    static final String LABEL = "dev.loadtest.test-kubelet";

    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // a test JVM stopped without closing its cluster leaves no container behind
        Runtime.getRuntime().addShutdownHook(new Thread(DockerContainers::removeAll, "test-kubelet-containers"));
    }

    private final DockerEngine engine;

    DockerContainers(DockerEngine engine) {
        this.engine = engine;
    }

    /** Null when the engine has the image, else why the container cannot start (container mode never pulls). */
    String missingImage(String image) {
        if (engine.hasImage(image)) {
            return null;
        }
        return "image \"" + image + "\" is not in the local Docker engine, and container mode never pulls: build it first "
                + "(the project's images: ProjectImages.buildRunner() / buildOperator())";
    }

    /**
     * @param container    the container with command and args expanded
     * @param env          its resolved environment; values that are host paths under {@code root} are given as
     *                     the paths the container sees
     * @throws PodConfigException when the settings cannot be honoured (e.g. runAsNonRoot with a root user)
     */
    ContainerProcess start(Pod pod, Container container, Map<String, String> env, Path podDir, Path root, Path log,
                           Path terminationLog) throws IOException {
        DockerClient docker = engine.client();
        String image = container.getImage();
        String user = user(pod, container, imageUser(image));

        List<Bind> binds = new ArrayList<>();
        Map<String, io.fabric8.kubernetes.api.model.Volume> volumes = new LinkedHashMap<>();
        for (var v : nullToEmpty(pod.getSpec().getVolumes())) {
            volumes.put(v.getName(), v);
        }
        for (VolumeMount mount : nullToEmpty(container.getVolumeMounts())) {
            var volume = volumes.get(mount.getName());
            if (volume == null) {
                throw new PodConfigException("container " + container.getName() + " mounts volume \"" + mount.getName()
                        + "\", which the pod does not declare");
            }
            Path source = PodVolumes.source(volume, podDir.resolve("volumes"), mount).toRealPath();
            boolean readOnly = Boolean.TRUE.equals(mount.getReadOnly()) || PodVolumes.apiData(volume);
            binds.add(new Bind(source.toString(), new Volume(mount.getMountPath()), readOnly ? AccessMode.ro : AccessMode.rw));
        }
        // the termination message: a file the container writes and the kubelet reads after it exits
        Files.createDirectories(terminationLog.getParent());
        Files.deleteIfExists(terminationLog);
        Files.createFile(terminationLog);
        Files.setPosixFilePermissions(terminationLog, PosixFilePermissions.fromString("rw-rw-rw-"));
        String messagePath = container.getTerminationMessagePath() == null || container.getTerminationMessagePath().isEmpty()
                ? "/dev/termination-log" : container.getTerminationMessagePath();
        binds.add(new Bind(terminationLog.toString(), new Volume(messagePath), AccessMode.rw));

        Function<String, String> inContainer = value -> value != null && value.startsWith(root + "/")
                ? value.substring(root.toString().length()) : value;
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + inContainer.apply(v)));
        // files the kubelet wrote for the pod's identity (a kubeconfig) and the env points at
        for (String v : env.values()) {
            // (files reached through a volume's link are in that volume's bind already)
            if (v != null && v.startsWith(root + "/") && Files.isRegularFile(Path.of(v))
                    && Path.of(v).toRealPath().startsWith(root.toRealPath())) {
                binds.add(new Bind(v, new Volume(inContainer.apply(v)), AccessMode.ro));
            }
        }

        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode("host")
                .withBinds(binds)
                .withReadonlyRootfs(readOnlyRoot(container));
        SecurityContext sc = container.getSecurityContext();
        if (sc != null && sc.getCapabilities() != null) {
            host.withCapDrop(capabilities(sc.getCapabilities().getDrop()));
            host.withCapAdd(capabilities(sc.getCapabilities().getAdd()));
        }
        if (sc != null && Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            host.withSecurityOpts(List.of("no-new-privileges"));
        }
        Map<String, Quantity> limits = container.getResources() == null ? null : container.getResources().getLimits();
        if (limits != null && limits.get("memory") != null) {
            host.withMemory(Quantity.getAmountInBytes(limits.get("memory")).longValueExact());
        }
        if (limits != null && limits.get("cpu") != null) {
            host.withNanoCPUs(Quantity.getAmountInBytes(limits.get("cpu")).multiply(BigDecimal.valueOf(1_000_000_000L)).longValue());
        }

        CreateContainerCmd create = docker.createContainerCmd(image)
                .withName(("k8s_" + container.getName() + "_" + pod.getMetadata().getName() + "_"
                        + pod.getMetadata().getNamespace() + "_" + Long.toHexString(System.nanoTime())).replaceAll("[^a-zA-Z0-9_.-]", "-"))
                .withLabels(Map.of(LABEL, "true", LABEL + ".pod", pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()))
                .withEnv(envList)
                .withHostConfig(host);
        if (user != null) {
            create.withUser(user);
        }
        List<String> command = container.getCommand();
        List<String> args = container.getArgs();
        if (command != null && !command.isEmpty()) {
            create.withEntrypoint(command);
            // as the kubelet: a command without args drops the image's cmd
            create.withCmd(args == null ? List.of() : args);
        } else if (args != null && !args.isEmpty()) {
            create.withCmd(args);
        }
        if (container.getWorkingDir() != null && !container.getWorkingDir().isEmpty()) {
            create.withWorkingDir(container.getWorkingDir());
        }
        String id = create.exec().getId();
        LIVE.add(id);
        try {
            docker.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            remove(id);
            throw e;
        }
        Long pid = docker.inspectContainerCmd(id).exec().getState().getPidLong();

        OutputStream out = new FileOutputStream(log.toFile(), true);
        ResultCallback.Adapter<Frame> logs = docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                .withFollowStream(true).exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        try {
                            out.write(frame.getPayload());
                            out.flush();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        WaitContainerResultCallback waiting = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback());
        Thread.ofVirtual().name("wait-" + id.substring(0, 12)).start(() -> {
            Integer code;
            try {
                code = waiting.awaitStatusCode();
            } catch (RuntimeException e) {
                code = 128; // the engine lost the container: report it dead
            }
            try {
                logs.awaitCompletion(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                out.close();
                logs.close();
            } catch (IOException ignored) {
                // the log was written as far as it got
            }
            remove(id);
            exit.complete(code);
        });
        return new ContainerProcess(docker, id, pid == null ? 0 : pid, exit);
    }

    /** The uid:gid the container runs as, or null for the image's user; refuses root under runAsNonRoot. */
    static String user(Pod pod, Container container, String imageUser) {
        PodSecurityContext psc = pod.getSpec().getSecurityContext();
        SecurityContext sc = container.getSecurityContext();
        Long uid = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : psc == null ? null : psc.getRunAsUser();
        Long gid = sc != null && sc.getRunAsGroup() != null ? sc.getRunAsGroup() : psc == null ? null : psc.getRunAsGroup();
        Boolean nonRoot = sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : psc == null ? null : psc.getRunAsNonRoot();
        String imageUid = imageUser == null || imageUser.isEmpty() ? "0" : imageUser.split(":")[0];
        if (Boolean.TRUE.equals(nonRoot)) {
            if (uid == null && !imageUid.matches("\\d+")) {
                throw new PodConfigException("container " + container.getName() + " has runAsNonRoot and its image has a "
                        + "non-numeric user (" + imageUid + "): cannot verify the user is non-root; set runAsUser");
            }
            if ((uid == null ? Long.parseLong(imageUid) : uid) == 0) {
                throw new PodConfigException("container " + container.getName() + " has runAsNonRoot and image will run as root");
            }
        }
        if (uid == null && gid == null) {
            return null;
        }
        String u = uid != null ? uid.toString() : imageUid;
        return gid == null ? u : u + ":" + gid;
    }

    private String imageUser(String image) {
        try {
            return engine.client().inspectImageCmd(image).exec().getConfig().getUser();
        } catch (NotFoundException e) {
            throw new PodConfigException(missingImage(image));
        }
    }

    private static boolean readOnlyRoot(Container container) {
        return container.getSecurityContext() != null && Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem());
    }

    private static Capability[] capabilities(List<String> names) {
        // Kubernetes names them without the CAP_ prefix, as Docker's enum does
        return nullToEmpty(names).stream().map(n -> Capability.valueOf(n.replaceFirst("^CAP_", ""))).toArray(Capability[]::new);
    }

    private void remove(String id) {
        try {
            engine.client().removeContainerCmd(id).withForce(true).exec();
        } catch (RuntimeException e) {
            // already removed
        }
        LIVE.remove(id);
    }

    private static void removeAll() {
        if (LIVE.isEmpty()) {
            return;
        }
        DockerClient docker = DockerEngine.shared().client();
        for (String id : List.copyOf(LIVE)) {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // best effort at JVM exit
            }
        }
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
