package dev.loadtest.operator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged operator ({@code quarkus-run.jar}) as its own process, in the prod profile (leader election on),
 * pointed at the test cluster with a kubeconfig: what runs in a real Deployment, minus the container.
 */
final class OperatorProcess implements AutoCloseable {

    private final Process process;
    final Path log;

    OperatorProcess(Path jar, Path kubeconfig, Path log, String runnerImage) throws IOException {
        this(jar, kubeconfig, log, runnerImage, 0);
    }

    /** With {@code httpPort} 0 the HTTP server (/q/metrics, /q/health) takes any free port on 127.0.0.1. */
    OperatorProcess(Path jar, Path kubeconfig, Path log, String runnerImage, int httpPort) throws IOException {
        this(jar, kubeconfig, log, runnerImage, httpPort, List.of());
    }

    /** @param properties more {@code -Dkey=value} settings of the operator */
    OperatorProcess(Path jar, Path kubeconfig, Path log, String runnerImage, int httpPort, List<String> properties)
            throws IOException {
        this.log = log;
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Dquarkus.http.port=" + httpPort,
                "-Dloadtest.lease-namespace=default",
                "-Dloadtest.poll-interval=1s",
                "-Dloadtest.status-write-interval=2s",
                "-Dloadtest.start-timeout=2m",
                "-jar", jar.toString()));
        command.addAll(command.size() - 2, properties);
        if (runnerImage != null) {
            // null keeps the operator's own default: ghcr.io/loadtest/runner:<the project's version>
            command.add(command.size() - 2, "-Dloadtest.runner.image=" + runnerImage);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        process = builder.start();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: a crash, so that nothing is handed over cleanly. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
