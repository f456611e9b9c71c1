package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A test-only kubelet that runs containers as local processes: it registers a Ready Node, binds pending
 * Pods to it (there is no scheduler), and hands each Pod to a {@link PodWorker}.
 *
 * <p>All pod state changes happen on one loop thread, fed by the pod informer, process exits, probe results
 * and timers, so that no two of them race on a pod.
 */
public final class ProcessKubelet implements AutoCloseable {
    public static final String NODE_NAME = "process-kubelet";
    static final Duration PROCESS_TABLE_MAX_AGE = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final Path podsDir;
    private final ImageMappings images;
    private final String apiServerUrl;
    private final int apiServerPort;
    private final PodIpPool ips = PodIpPool.claim();
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(daemon("process-kubelet-loop"));
    private final ScheduledExecutorService probes = Executors.newScheduledThreadPool(2, daemon("process-kubelet-probe"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ContainerEnvironment environment;
    private final PodVolumes volumes;
    private final PodStatusWriter statusWriter;
    private SharedIndexInformer<Pod> informer;
    private ProcessTree.Table processTable;
    private long processTableTakenNanos;
    private DockerContainers containers;
    private volatile boolean closed;

    ProcessKubelet(KubernetesClient client, Path podsDir, ImageMappings images, String apiServerUrl, int apiServerPort) {
        this.client = client;
        this.podsDir = podsDir;
        this.images = images;
        this.apiServerUrl = apiServerUrl;
        this.apiServerPort = apiServerPort;
        ObjectSource objects = new ApiObjectSource(client);
        this.environment = new ContainerEnvironment(objects);
        this.volumes = new PodVolumes(objects);
        this.statusWriter = new PodStatusWriter(client);
    }

    void start() {
        registerNode();
        informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                onLoop(() -> handle(pod));
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                onLoop(() -> handle(pod));
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                onLoop(() -> deleted(pod));
            }
        }, 0);
    }

    private void registerNode() {
        Node node = new NodeBuilder().withNewMetadata().withName(NODE_NAME)
                .addToLabels("kubernetes.io/hostname", NODE_NAME)
                .addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/arch", "amd64")
                .endMetadata().build();
        if (client.nodes().withName(NODE_NAME).get() == null) {
            client.nodes().resource(node).create();
        }
        String now = Times.now();
        NodeStatus status = new NodeStatusBuilder()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("process kubelet is posting ready status").withLastHeartbeatTime(now)
                .withLastTransitionTime(now).endCondition()
                .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                .addNewAddress().withType("Hostname").withAddress(NODE_NAME).endAddress()
                .withCapacity(Map.of("cpu", new Quantity("64"), "memory", new Quantity("256Gi"), "pods", new Quantity("1000")))
                .withAllocatable(Map.of("cpu", new Quantity("64"), "memory", new Quantity("256Gi"), "pods", new Quantity("1000")))
                .withNewNodeInfo().withKubeletVersion("v1.20.2").withKubeProxyVersion("v1.20.2")
                .withContainerRuntimeVersion("process://1").withOperatingSystem("linux").withArchitecture("amd64")
                .withOsImage("process kubelet").withKernelVersion(System.getProperty("os.version"))
                .withMachineID("").withSystemUUID("").withBootID("").endNodeInfo()
                .build();
        client.nodes().withName(NODE_NAME).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", status)));
    }

    private void handle(Pod pod) {
        String uid = pod.getMetadata().getUid();
        PodWorker worker = workers.get(uid);
        if (worker != null) {
            worker.update(pod);
            return;
        }
        String nodeName = pod.getSpec().getNodeName();
        boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
        if (nodeName == null || nodeName.isEmpty()) {
            String scheduler = pod.getSpec().getSchedulerName();
            if (!deleting && (scheduler == null || scheduler.equals("default-scheduler"))) {
                bind(pod);
            }
            return;
        }
        if (!nodeName.equals(NODE_NAME)) {
            return;
        }
        if (deleting) {
            deleteNow(pod); // never started here (or finished): nothing to stop
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return;
        }
        worker = new PodWorker(this, pod, ips.next());
        workers.put(uid, worker);
        worker.setUp();
    }

    /** POST to the pods/binding subresource, as the scheduler does. */
    private void bind(Pod pod) {
        Map<String, Object> binding = Map.of(
                "apiVersion", "v1", "kind", "Binding",
                "metadata", Map.of("name", pod.getMetadata().getName(), "namespace", pod.getMetadata().getNamespace(),
                        "uid", pod.getMetadata().getUid()),
                "target", Map.of("apiVersion", "v1", "kind", "Node", "name", NODE_NAME));
        try {
            client.raw(apiServerUrl + "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/"
                    + pod.getMetadata().getName() + "/binding", "POST", binding);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) { // already bound, or gone
                log("cannot bind pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + ": "
                        + e.getMessage() + "; retrying in 1 s");
                // as the scheduler does: the informer has no resync, so nothing else would bind it (a busy API server)
                String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
                later(Duration.ofSeconds(1), () -> {
                    Pod latest = informer.getIndexer().getByKey(key);
                    if (latest != null && pod.getMetadata().getUid().equals(latest.getMetadata().getUid())) {
                        handle(latest);
                    }
                });
            }
        }
    }

    private void deleted(Pod pod) {
        PodWorker worker = workers.remove(pod.getMetadata().getUid());
        if (worker != null) {
            worker.killNow(Duration.ofSeconds(2));
        }
    }

    /** Removes the pod object once its processes are gone (grace period 0), only if it is still the same pod. */
    void deleteNow(Pod pod) {
        try {
            var resource = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
            Pod current = resource.get();
            if (current != null && current.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
                resource.withGracePeriod(0).delete();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                log("cannot delete pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + ": " + e.getMessage());
            }
        }
    }

    void forget(String uid) {
        workers.remove(uid);
    }

    void onLoop(Runnable task) {
        if (closed) {
            return;
        }
        try {
            loop.execute(() -> guarded(task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the pods are being stopped anyway
        }
    }

    void later(Duration delay, Runnable task) {
        if (closed) {
            return;
        }
        try {
            loop.schedule(() -> guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log("error: " + e);
            e.printStackTrace(System.err);
        }
    }

    void log(String message) {
        System.err.println("[process-kubelet] " + message);
    }

    // --- what tests may ask ---

    public String nodeName() {
        return NODE_NAME;
    }

    /** The PID of a container's current process, if it runs. */
    public OptionalLong pid(String namespace, String podName, String container) {
        return workerOf(namespace, podName).stream()
                .flatMap(w -> w.all().stream())
                .filter(r -> r.name().equals(container) && r.process != null && r.process.isAlive())
                .mapToLong(r -> r.process.pid())
                .findFirst();
    }

    /** The pod's folder ({@code <rundir>/pods/<ns>_<name>_<uid>}), holding {@code root/} and the container logs. */
    public Optional<Path> podDir(String namespace, String podName) {
        return workerOf(namespace, podName).map(w -> w.podDir);
    }

    /** PIDs of all pod processes now alive (with their descendants), from one pass over the machine's processes. */
    public List<Long> pids() {
        ProcessTree.Table table = ProcessTree.Table.now();
        return workers.values().stream().flatMap(w -> w.all().stream())
                .map(r -> r.process).filter(p -> p != null && p.isAlive())
                .flatMap(p -> table.withDescendants(p.toHandle()).stream())
                .map(ProcessHandle::pid).toList();
    }

    private Optional<PodWorker> workerOf(String namespace, String podName) {
        return workers.values().stream().filter(w -> w.namespace.equals(namespace) && w.name.equals(podName)).findFirst();
    }

    // --- for the pod workers ---

    /**
     * For the loop thread: the machine's processes, taken again when older than {@link #PROCESS_TABLE_MAX_AGE}, so
     * that following every pod's descendants costs one pass over {@code /proc} every few seconds, not one per probe.
     * A process started since is seen at the next refresh, or else found by its container's marker variable.
     */
    ProcessTree.Table processTable() {
        long now = System.nanoTime();
        if (processTable == null || now - processTableTakenNanos > PROCESS_TABLE_MAX_AGE.toNanos()) {
            processTable = ProcessTree.Table.now();
            processTableTakenNanos = now;
        }
        return processTable;
    }

    KubernetesClient client() {
        return client;
    }

    Path podsDir() {
        return podsDir;
    }

    /** Container mode's runtime; the Docker engine is contacted only when an image is mapped to it. */
    synchronized DockerContainers containers() {
        if (containers == null) {
            containers = new DockerContainers(DockerEngine.shared());
        }
        return containers;
    }

    ImageMappings images() {
        return images;
    }

    String apiServerUrl() {
        return apiServerUrl;
    }

    int apiServerPort() {
        return apiServerPort;
    }

    ContainerEnvironment environment() {
        return environment;
    }

    PodVolumes volumes() {
        return volumes;
    }

    PodStatusWriter statusWriter() {
        return statusWriter;
    }

    ScheduledExecutorService probes() {
        return probes;
    }

    HttpClient http() {
        return http;
    }

    /** Stops watching, then stops every pod process (SIGTERM, SIGKILL after 2 s) and the kubelet's threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (informer != null) {
            informer.stop();
        }
        // let queued events finish so that no process starts after the sweep below
        try {
            loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // a stuck loop is shut down below anyway
        }
        closed = true;
        loop.shutdownNow();
        probes.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
            probes.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.values().parallelStream().forEach(w -> w.killNow(Duration.ofSeconds(2)));
        workers.clear();
        http.shutdownNow();
        ips.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Reads ConfigMaps and Secrets from the API server as the kubelet's (admin) identity. */
    private record ApiObjectSource(KubernetesClient client) implements ObjectSource {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
        }

        @Override
        public String serviceAccountToken(String namespace, String serviceAccount, String audience, Long expirationSeconds) {
            TokenRequest request = new TokenRequestBuilder().withNewSpec()
                    .withAudiences(audience == null ? List.of() : List.of(audience))
                    .withExpirationSeconds(expirationSeconds)
                    .endSpec().build();
            return client.serviceAccounts().inNamespace(namespace).withName(serviceAccount).tokenRequest(request)
                    .getStatus().getToken();
        }
    }
}
