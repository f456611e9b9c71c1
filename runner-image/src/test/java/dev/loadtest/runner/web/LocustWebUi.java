package dev.loadtest.runner.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Locust ({@code python3-locust}, 2.12) serving its own web UI on 127.0.0.1, as the reference our web
 * API is compared with. Stopped by PID: SIGTERM, then SIGKILL.
 */
final class LocustWebUi implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/bin/locust"), Path.of("/usr/local/bin/locust"));

    private final Process process;
    final WebClient client;

    private LocustWebUi(Process process, WebClient client) {
        this.process = process;
        this.client = client;
    }

    static LocustWebUi start(Path locustfile, Path log) throws IOException, InterruptedException {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                "no locust in " + BINARIES + ": install Debian's package: apt-get install python3-locust"));
        int port = freePort();
        Process p = new ProcessBuilder(binary.toString(), "-f", locustfile.toString(), "--web-host", "127.0.0.1",
                "--web-port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        WebClient client = new WebClient("http://127.0.0.1:" + port);
        try {
            client.awaitUp(Duration.ofSeconds(60), p);
        } catch (AssertionError e) {
            p.destroyForcibly();
            throw new AssertionError(e.getMessage() + "; log: " + Files.readString(log), e);
        }
        return new LocustWebUi(p, client);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
