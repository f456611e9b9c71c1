package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One try of a container's readiness probe: HTTP GET (2xx/3xx passes), TCP connect, or exec (exit 0 passes). */
final class ProbeCheck {
    private final Probe probe;
    private final Container container;
    private final String podIp;
    private final Map<String, String> env;
    private final Path workDir;
    private final HttpClient http;

    ProbeCheck(Probe probe, Container container, String podIp, Map<String, String> env, Path workDir, HttpClient http) {
        this.probe = probe;
        this.container = container;
        this.podIp = podIp;
        this.env = env;
        this.workDir = workDir;
        this.http = http;
    }

    /** Seconds, capped at 1 s: test runs should not wait the 10 s default period. */
    Duration period() {
        int seconds = probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
        return Duration.ofMillis(Math.min(1000, Math.max(100, seconds * 1000L)));
    }

    Duration initialDelay() {
        return Duration.ofSeconds(probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds());
    }

    int successThreshold() {
        return probe.getSuccessThreshold() == null ? 1 : probe.getSuccessThreshold();
    }

    int failureThreshold() {
        return probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
    }

    private Duration timeout() {
        return Duration.ofSeconds(probe.getTimeoutSeconds() == null ? 1 : Math.max(1, probe.getTimeoutSeconds()));
    }

    boolean passes() {
        try {
            if (probe.getHttpGet() != null) {
                var get = probe.getHttpGet();
                String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
                String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
                String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase();
                URI uri = URI.create(scheme + "://" + host + ":" + port(get.getPort()) + (path.startsWith("/") ? path : "/" + path));
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout()).GET();
                if (get.getHttpHeaders() != null) {
                    get.getHttpHeaders().forEach(h -> request.header(h.getName(), h.getValue()));
                }
                int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                return status >= 200 && status < 400;
            }
            if (probe.getTcpSocket() != null) {
                String host = probe.getTcpSocket().getHost() == null ? podIp : probe.getTcpSocket().getHost();
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(host, port(probe.getTcpSocket().getPort())), (int) timeout().toMillis());
                    return true;
                }
            }
            if (probe.getExec() != null && probe.getExec().getCommand() != null) {
                ProcessBuilder pb = new ProcessBuilder(List.copyOf(probe.getExec().getCommand())).directory(workDir.toFile())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                pb.environment().clear();
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    ProcessTree.kill(p.toHandle());
                    return false;
                }
                return p.exitValue() == 0;
            }
            return true; // a probe with no handler: nothing to fail
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int port(IntOrString port) {
        if (port == null) {
            throw new IllegalArgumentException("probe of container " + container.getName() + " has no port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        for (ContainerPort p : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
            if (name.equals(p.getName())) {
                return p.getContainerPort();
            }
        }
        return Integer.parseInt(name);
    }
}
