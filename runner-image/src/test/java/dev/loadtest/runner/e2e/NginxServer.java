package dev.loadtest.runner.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian's {@code nginx} package, built with http_v2) as a child process on 127.0.0.1: one
 * port with TLS and HTTP/2 (h2 by ALPN, a self-signed certificate for "localhost" made by openssl), one plain
 * HTTP/1.1 port. Config, certificate, pid file, logs and temp paths all live in the test's own directory.
 * Stopped by PID: SIGTERM, then SIGKILL.
 */
final class NginxServer implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/local/sbin/nginx"));
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path dir;
    private final int tlsPort;
    private final int plainPort;

    private NginxServer(Process process, Path dir, int tlsPort, int plainPort) {
        this.process = process;
        this.dir = dir;
        this.tlsPort = tlsPort;
        this.plainPort = plainPort;
    }

    /** Starts nginx answering every path with 200 and a small JSON body; waits until both ports accept. */
    static NginxServer start(Path dir) throws IOException, InterruptedException {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                "no nginx binary in " + BINARIES + ": install Debian's package: apt-get install nginx"));
        selfSignedCertificate(dir);
        int tlsPort = freePort();
        int plainPort = freePort();
        Files.createDirectories(dir.resolve("temp"));
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/temp/body;
                  proxy_temp_path %1$s/temp/proxy;
                  fastcgi_temp_path %1$s/temp/fastcgi;
                  uwsgi_temp_path %1$s/temp/uwsgi;
                  scgi_temp_path %1$s/temp/scgi;
                  server {
                    listen 127.0.0.1:%2$d ssl http2;
                    listen 127.0.0.1:%3$d;
                    ssl_certificate %1$s/cert.pem;
                    ssl_certificate_key %1$s/key.pem;
                    location / { default_type application/json; return 200 '{"ok":true}'; }
                  }
                }
                """.formatted(dir, tlsPort, plainPort));
        // -e: nginx opens its compiled-in error log before it reads the config; keep even that one in dir
        Process process = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        NginxServer server = new NginxServer(process, dir, tlsPort, plainPort);
        try {
            server.awaitListening();
        } catch (AssertionError | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** https://127.0.0.1:PORT: TLS with h2 and http/1.1 offered by ALPN. */
    String tlsUrl() {
        return "https://127.0.0.1:" + tlsPort;
    }

    /** http://127.0.0.1:PORT: HTTP/1.1 only (nginx does not do the h2c upgrade). */
    String plainUrl() {
        return "http://127.0.0.1:" + plainPort;
    }

    private static void selfSignedCertificate(Path dir) throws IOException, InterruptedException {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.out").toFile()).start();
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            openssl.destroyForcibly();
            throw new AssertionError("openssl could not make a certificate:\n" + read(dir.resolve("openssl.out")));
        }
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!(accepts(tlsPort) && accepts(plainPort))) {
            if (!process.isAlive()) {
                throw new AssertionError("nginx exited with " + process.exitValue() + ":\n" + logs());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nginx not listening after " + READY_TIMEOUT + ":\n" + logs());
            }
            Thread.sleep(50);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String logs() {
        return read(dir.resolve("nginx.out")) + read(dir.resolve("error.log"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to the master (our child), then SIGKILL if it has not exited within {@link #STOP_TIMEOUT}. */
    @Override
    public void close() throws InterruptedException {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
