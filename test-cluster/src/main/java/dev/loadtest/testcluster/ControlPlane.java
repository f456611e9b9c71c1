package dev.loadtest.testcluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * etcd, kube-apiserver and kube-controller-manager, with the reference script's flags
 * ({@code shared/k8s/start-cluster.sh}) on the given ports.
 */
final class ControlPlane {
    static final String SERVICE_CIDR = "10.0.0.0/24";
    static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

    private final ClusterBinaries binaries;
    private final Path runDir;
    private final Path logs;
    private final Path etcdData;
    private final int etcdPort;
    private final int etcdPeerPort;
    private final int apiPort;
    private final int kcmPort;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final KubeVersion version;
    private ManagedProcess etcd;
    private ManagedProcess apiServer;
    private List<String> apiServerCommand;
    private int apiServerStarts;

    ControlPlane(ClusterBinaries binaries, Path runDir, Path etcdData, List<Integer> ports) {
        this.binaries = binaries;
        this.runDir = runDir;
        this.logs = runDir.resolve("logs");
        this.etcdData = etcdData;
        this.etcdPort = ports.get(0);
        this.etcdPeerPort = ports.get(1);
        this.apiPort = ports.get(2);
        this.kcmPort = ports.get(3);
        this.version = KubeVersion.of(binaries.apiServer());
    }

    KubeVersion version() {
        return version;
    }

    String apiServerUrl() {
        return "https://127.0.0.1:" + apiPort;
    }

    int apiPort() {
        return apiPort;
    }

    void startEtcd() {
        String client = "http://127.0.0.1:" + etcdPort;
        String peer = "http://127.0.0.1:" + etcdPeerPort;
        etcd = launch("etcd", List.of(binaries.etcd().toString(),
                "--name", "test", "--data-dir", etcdData.toString(), "--logger", "zap", "--log-level", "warn",
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "test=" + peer,
                "--quota-backend-bytes", String.valueOf(2L * 1024 * 1024 * 1024), "--auto-compaction-retention", "1"));
    }

    void awaitEtcd() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + etcdPort + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        Wait.until("etcd /health on port " + etcdPort, Duration.ofSeconds(30),
                () -> ok(http, health) , etcd);
    }

    void startApiServer(Pki pki, Path auditLog) {
        List<String> command = new ArrayList<>(List.of(binaries.apiServer().toString(),
                "--etcd-servers=http://127.0.0.1:" + etcdPort,
                "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + apiPort,
                "--endpoint-reconciler-type=none",
                "--cert-dir=" + runDir.resolve("apiserver-certs"),
                "--tls-cert-file=" + pki.file("apiserver.crt"), "--tls-private-key-file=" + pki.file("apiserver.key"),
                "--client-ca-file=" + pki.caCertificate(), "--token-auth-file=" + pki.file("tokens.csv"),
                "--service-account-key-file=" + pki.file("sa.pub"),
                "--service-account-signing-key-file=" + pki.file("sa.key"),
                "--service-account-issuer=" + ISSUER, "--api-audiences=" + ISSUER,
                "--service-cluster-ip-range=" + SERVICE_CIDR,
                "--authorization-mode=RBAC",
                "--allow-privileged=true", "--profiling=false", "--v=1"));
        if (!version.atLeast(24)) {
            // before 1.24 an insecure port may default to 8080 and collide between runs; 1.24 removed the flag
            command.add("--insecure-port=0");
        }
        if (auditLog != null) {
            command.addAll(List.of("--audit-policy-file=" + writeAuditPolicy(), "--audit-log-path=" + auditLog,
                    "--audit-log-format=json", "--audit-log-maxsize=0"));
        }
        apiServerCommand = List.copyOf(command);
        apiServer = launch("kube-apiserver", command);
    }

    /**
     * Stops kube-apiserver by its PID and starts it again with the same flags and port, etcd left running: what a
     * control-plane upgrade or a crashed API server looks like to clients (connections drop, watches end, requests
     * are refused until it is back). Returns once {@code /readyz} answers again.
     */
    void restartApiServer(Pki pki, Duration down) throws InterruptedException {
        if (apiServer == null) {
            throw new IllegalStateException("kube-apiserver is not started");
        }
        apiServer.stop(Duration.ofSeconds(10));
        processes.remove(apiServer);
        Thread.sleep(down.toMillis());
        apiServerStarts++;
        apiServer = launch("kube-apiserver-" + apiServerStarts, apiServerCommand);
        awaitApiServer(pki);
    }

    long apiServerPid() {
        return apiServer.pid();
    }

    /** Every request at Metadata level (who, verb, resource, code; no bodies), for tests that count API requests. */
    private Path writeAuditPolicy() {
        Path policy = runDir.resolve("audit-policy.yaml");
        try {
            Files.writeString(policy, """
                    apiVersion: audit.k8s.io/v1
                    kind: Policy
                    omitStages: ["RequestReceived"]
                    rules:
                    - level: Metadata
                    """);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + policy, e);
        }
        return policy;
    }

    void awaitApiServer(Pki pki) {
        HttpClient http = HttpClient.newBuilder().sslContext(trusting(pki.caCertificate()))
                .connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest readyz = HttpRequest.newBuilder(URI.create(apiServerUrl() + "/readyz"))
                .header("Authorization", "Bearer " + pki.adminToken())
                .timeout(Duration.ofSeconds(2)).build();
        Wait.until("kube-apiserver /readyz on port " + apiPort, Duration.ofSeconds(60), () -> ok(http, readyz), apiServer, etcd);
    }

    void startControllerManager(Pki pki, Path kubeconfig, String controllers) {
        List<String> command = new ArrayList<>(List.of(binaries.controllerManager().toString(),
                "--kubeconfig=" + kubeconfig,
                "--bind-address=127.0.0.1", "--secure-port=" + kcmPort,
                "--cert-dir=" + runDir.resolve("kcm-certs"),
                "--leader-elect=false", "--use-service-account-credentials=false",
                "--controllers=" + controllers,
                "--service-account-private-key-file=" + pki.file("sa.key"),
                "--root-ca-file=" + pki.caCertificate(),
                "--profiling=false", "--v=1"));
        if (!KubeVersion.of(binaries.controllerManager()).atLeast(24)) {
            command.add("--port=0"); // no insecure port (default 10252 would collide between runs); removed in 1.24
        }
        launch("kube-controller-manager", command);
    }

    List<ManagedProcess> processes() {
        return List.copyOf(processes);
    }

    ManagedProcess[] running() {
        return processes.toArray(ManagedProcess[]::new);
    }

    /** Stops in reverse order of start: the controller manager and the API server still need etcd to stop cleanly. */
    void stop() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop(Duration.ofSeconds(10));
        }
    }

    private ManagedProcess launch(String name, List<String> command) {
        ManagedProcess process = ManagedProcess.start(name, command, logs.resolve(name + ".log"));
        processes.add(process);
        return process;
    }

    private static boolean ok(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static SSLContext trusting(Path caCertificate) {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("test-cluster-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust the test CA " + caCertificate, e);
        }
    }
}
