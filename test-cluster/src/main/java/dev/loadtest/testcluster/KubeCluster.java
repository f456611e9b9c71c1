package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kubernetes v1.20 control plane (etcd, kube-apiserver, kube-controller-manager) on 127.0.0.1 with
 * random free ports, a throwaway PKI and, optionally, a {@link ProcessKubelet} that runs Pods as local
 * processes. {@link #close()} stops everything by PID, keeps the logs under
 * {@code target/test-cluster-logs/<name>/} and removes the run directory.
 *
 * <pre>{@code
 * try (KubeCluster cluster = KubeCluster.builder().image("ghcr.io/loadtest/runner", ImageCommand.javaJar(jar)).build().start()) {
 *     cluster.client().pods().inNamespace("default").resource(pod).create();
 * }
 * }</pre>
 */
public final class KubeCluster implements AutoCloseable {
    /** Cheap controllers that tests need: Jobs, GC of owned objects, namespaces, service accounts and their tokens. */
    public static final String DEFAULT_CONTROLLERS = "namespace,garbagecollector,job,serviceaccount,serviceaccount-token,"
            + "root-ca-cert-publisher,clusterrole-aggregation,endpoint,endpointslice,replicaset,deployment";
    private static final int PORT_ATTEMPTS = 3;

    private final Builder settings;
    private Path runDir;
    private Path etcdData;
    private Pki pki;
    private ControlPlane controlPlane;
    private Path kubeconfig;
    private KubernetesClient client;
    private ProcessKubelet kubelet;
    private final List<String> timings = new ArrayList<>();
    private Duration startupTime;
    private boolean closed;

    private KubeCluster(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the cluster; on failure everything started so far is stopped again before the exception leaves. */
    public KubeCluster start() {
        long t0 = System.nanoTime();
        try {
            ClusterBinaries binaries = ClusterBinaries.locate();
            runDir = Files.createTempDirectory("kube-cluster-");
            ProcessGuard.track(runDir);
            etcdData = etcdDataDirectory(runDir);
            ProcessGuard.track(etcdData);

            for (int attempt = 1; ; attempt++) {
                controlPlane = new ControlPlane(binaries, runDir, etcdData, FreePorts.pick(4));
                try {
                    controlPlane.startEtcd();
                    if (pki == null) {
                        pki = Pki.create(runDir.resolve("pki")); // while etcd starts
                        mark("pki", t0);
                    }
                    controlPlane.awaitEtcd();
                    mark("etcd", t0);
                    controlPlane.startApiServer(pki, settings.auditLog ? auditLog() : null);
                    controlPlane.awaitApiServer(pki);
                    mark("kube-apiserver", t0);
                    break;
                } catch (IllegalStateException e) {
                    controlPlane.stop();
                    // another run took a port between picking and binding it: pick again
                    if (attempt >= PORT_ATTEMPTS || !String.valueOf(e.getMessage()).contains("address already in use")) {
                        throw e;
                    }
                    Directories.deleteRecursively(etcdData);
                    Files.createDirectories(etcdData);
                }
            }

            kubeconfig = Kubeconfig.withClientCertificate(runDir.resolve("kubeconfig"), apiServerUrl(), pki.caCertificate(),
                    "test-admin", pki.file("admin.crt"), pki.file("admin.key"));
            client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                    .build();

            applyManifests();
            mark("manifests", t0);

            Path kcmKubeconfig = Kubeconfig.withClientCertificate(runDir.resolve("kcm.kubeconfig"), apiServerUrl(),
                    pki.caCertificate(), "kube-controller-manager", pki.file("kcm.crt"), pki.file("kcm.key"));
            controlPlane.startControllerManager(pki, kcmKubeconfig, settings.controllers);
            // Pods are refused until their namespace's default ServiceAccount exists and, before 1.24 (no more
            // token Secrets), has its token Secret: the ServiceAccount admission plugin mounts it.
            boolean tokenSecrets = !controlPlane.version().atLeast(24);
            Wait.until("ServiceAccount default/default" + (tokenSecrets ? " and its token Secret" : ""), Duration.ofSeconds(60), () -> {
                ServiceAccount sa = client.serviceAccounts().inNamespace("default").withName("default").get();
                return sa != null && (!tokenSecrets || sa.getSecrets() != null && !sa.getSecrets().isEmpty());
            }, controlPlane.running());
            mark("kube-controller-manager", t0);

            if (settings.withKubelet) {
                kubelet = new ProcessKubelet(client, runDir.resolve("pods"), settings.images.copy(), apiServerUrl(),
                        controlPlane.apiPort());
                kubelet.start();
                mark("kubelet", t0);
            }
            startupTime = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("[test-cluster] " + settings.name + " (Kubernetes " + controlPlane.version() + ") ready at " + apiServerUrl() + " in "
                    + millis(t0) + " ms (" + String.join(", ", timings) + "); run dir " + runDir);
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start the test cluster", e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * etcd fsyncs every write: on tmpfs that costs nothing, which matters on a shared 2-core machine. A small
     * /dev/shm (Docker's default is 64 MB) cannot hold etcd's 64 MB preallocated WAL, so it must have room.
     */
    private static Path etcdDataDirectory(Path runDir) throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)
                && Files.getFileStore(shm).getUsableSpace() > 512L * 1024 * 1024) {
            return Files.createTempDirectory(shm, "kube-cluster-etcd-");
        }
        return runDir.resolve("etcd");
    }

    private void mark(String step, long t0) {
        timings.add(step + " +" + millis(t0) + " ms");
    }

    private static long millis(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /** Server-side applies every *.yaml/*.yml under the crds folder (or the single file) and waits for CRDs to be Established. */
    private void applyManifests() throws IOException {
        if (settings.crds == null || !Files.exists(settings.crds)) {
            return;
        }
        List<Path> files;
        if (Files.isDirectory(settings.crds)) {
            try (Stream<Path> s = Files.list(settings.crds)) {
                files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            }
        } else {
            files = List.of(settings.crds);
        }
        List<String> crdNames = new ArrayList<>();
        for (Path file : files) {
            List<HasMetadata> items;
            try (InputStream in = Files.newInputStream(file)) {
                items = client.load(in).items();
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot read the manifest " + file + ": " + e.getMessage(), e);
            }
            for (HasMetadata item : items) {
                if (item == null) {
                    continue;
                }
                client.resource(item).fieldManager("test-cluster").forceConflicts().serverSideApply();
                if (item instanceof CustomResourceDefinition) {
                    crdNames.add(item.getMetadata().getName());
                }
            }
        }
        for (String name : crdNames) {
            client.apiextensions().v1().customResourceDefinitions().withName(name).waitUntilCondition(crd ->
                    crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                            && crd.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True")),
                    30, TimeUnit.SECONDS);
        }
    }

    /** The admin client (system:masters). */
    public KubernetesClient client() {
        return requireStarted(client);
    }

    /** An admin kubeconfig file with embedded credentials, usable with {@code kubectl --kubeconfig}. */
    public Path kubeconfig() {
        return requireStarted(kubeconfig);
    }

    public String apiServerUrl() {
        return requireStarted(controlPlane).apiServerUrl();
    }

    public Path caCertificate() {
        return requireStarted(pki).caCertificate();
    }

    /** The admin's client certificate and key (PEM), for clients configured field by field (e.g. Quarkus). */
    public Path clientCertificate() {
        return requireStarted(pki).file("admin.crt");
    }

    public Path clientKey() {
        return requireStarted(pki).file("admin.key");
    }

    /** A static bearer token of the admin user. */
    public String adminToken() {
        return requireStarted(pki).adminToken();
    }

    /** The process kubelet; fails if the cluster was built {@code withKubelet(false)}. */
    public ProcessKubelet kubelet() {
        if (kubelet == null) {
            throw new IllegalStateException("this cluster has no kubelet: build it with withKubelet(true)");
        }
        return kubelet;
    }

    /** How long {@link #start()} took, from locating the binaries to a ready kubelet. */
    public Duration startupTime() {
        return requireStarted(startupTime);
    }

    public Path runDirectory() {
        return requireStarted(runDir);
    }

    /** Where {@link #close()} copies the logs: {@code target/test-cluster-logs/<name>/} unless set otherwise. */
    public Path logsDirectory() {
        return settings.logsDir != null ? settings.logsDir : Path.of("target", "test-cluster-logs", settings.name);
    }

    /**
     * Restarts kube-apiserver (stopped by its PID, started again on the same port with the same flags) while etcd,
     * the controller manager, the kubelet and the pods keep running; {@code down} is how long it stays away.
     * Returns when it is ready again.
     */
    public void restartApiServer(Duration down) throws InterruptedException {
        requireStarted(controlPlane).restartApiServer(pki, down);
    }

    /** The PID of the running kube-apiserver (a new one after {@link #restartApiServer}). */
    public long apiServerPid() {
        return requireStarted(controlPlane).apiServerPid();
    }

    /**
     * The API server's audit log (JSON lines, one per request at Metadata level), written when the cluster is built
     * with {@code auditLog(true)}.
     */
    public Path auditLog() {
        return requireStarted(runDir).resolve("logs/audit.log");
    }

    /** PIDs of etcd, kube-apiserver and kube-controller-manager (what {@link #close()} stops, besides pod processes). */
    public List<Long> controlPlanePids() {
        return controlPlane == null ? List.of() : controlPlane.processes().stream().map(ManagedProcess::pid).toList();
    }

    private <T> T requireStarted(T value) {
        if (value == null) {
            throw new IllegalStateException("the cluster is not started: call start() first");
        }
        return value;
    }

    /** Stops pods, client and control plane (by PID), keeps the logs, removes the run directory. Safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (kubelet != null) {
            kubelet.close();
        }
        if (client != null) {
            client.close();
        }
        if (controlPlane != null) {
            controlPlane.stop();
        }
        if (runDir != null) {
            try {
                Path target = logsDirectory();
                Directories.deleteRecursively(target);
                Directories.copyMatching(runDir.resolve("logs"), target, p -> true);
                // <pod dir>/<container>.log only: what the processes wrote under root/ is theirs, not a log
                Directories.copyMatching(runDir.resolve("pods"), target.resolve("pods"),
                        relative -> relative.getNameCount() == 2 && relative.toString().endsWith(".log"));
            } catch (IOException e) {
                System.err.println("[test-cluster] cannot keep the logs: " + e);
            }
        }
        for (Path dir : Stream.of(runDir, etcdData).filter(Objects::nonNull).toList()) {
            try {
                Directories.deleteRecursively(dir);
                ProcessGuard.untrack(dir);
            } catch (IOException e) {
                System.err.println("[test-cluster] cannot remove " + dir + ": " + e);
            }
        }
    }

    /** Settings of a {@link KubeCluster}. */
    public static final class Builder {
        private Path crds = ProjectLayout.repositoryRoot().resolve("crds");
        private boolean withKubelet = true;
        private ImageMappings images = new ImageMappings().put(ImageCommand.TEST_ECHO, ImageCommand.testEcho());
        private String controllers = DEFAULT_CONTROLLERS;
        private String name = "cluster-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        private Path logsDir;
        private boolean auditLog;

        private Builder() {
        }

        /** A folder of CRD (or other) manifests, or one file, applied before the controller manager starts; null for none. Default {@code <repo>/crds}. */
        public Builder crds(Path dirOrFile) {
            this.crds = dirOrFile;
            return this;
        }

        /** Whether to run the {@link ProcessKubelet} (default true). */
        public Builder withKubelet(boolean withKubelet) {
            this.withKubelet = withKubelet;
            return this;
        }

        /** Maps images starting with {@code imagePrefix} to a local command; {@code test-echo} is mapped already. */
        public Builder image(String imagePrefix, ImageCommand command) {
            images.put(imagePrefix, Objects.requireNonNull(command, "command"));
            return this;
        }

        /** The controller manager's {@code --controllers} list (default {@link #DEFAULT_CONTROLLERS}). */
        public Builder controllers(String controllers) {
            this.controllers = Objects.requireNonNull(controllers, "controllers");
            return this;
        }

        /** Names the cluster in messages and in the logs folder (the extension uses the test class name). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Where logs are kept after close (default {@code target/test-cluster-logs/<name>}). */
        public Builder logsDir(Path logsDir) {
            this.logsDir = logsDir;
            return this;
        }

        /** Whether kube-apiserver writes an audit log of every request ({@link KubeCluster#auditLog()}); default false. */
        public Builder auditLog(boolean auditLog) {
            this.auditLog = auditLog;
            return this;
        }

        public KubeCluster build() {
            return new KubeCluster(copy());
        }

        Builder copy() {
            Builder copy = new Builder();
            copy.crds = crds;
            copy.withKubelet = withKubelet;
            copy.images = images.copy();
            copy.controllers = controllers;
            copy.name = name;
            copy.logsDir = logsDir;
            copy.auditLog = auditLog;
            return copy;
        }

        String name() {
            return name;
        }
    }
}
