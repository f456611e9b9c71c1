package dev.loadtest.runner.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code loadtest run MANIFEST.yaml} stops early on a failing abortOnFail threshold, as the operator does. */
class ManifestAbortTest {

    static HttpServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(500, 2);
            ex.getResponseBody().write("no".getBytes());
            ex.close();
        });
        server.start();
        Files.writeString(dir.resolve("Failing.java"), """
                import dev.loadtest.*;
                public class Failing extends HttpUser {
                    @Override protected WaitTime waitTime() { return WaitTime.constant(0.05); }
                    @Task void hit() { client.get("/"); }
                }
                """);
    }

    @AfterAll
    static void tearDown() {
        server.stop(0);
    }

    private static Path manifest(String name, String threshold) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata: {name: %s}
                spec:
                  users: 2
                  spawnRate: 2
                  host: http://127.0.0.1:%d
                  runTime: 60s
                  loadfile: {path: Failing.java}
                  thresholds:
                    - %s
                """.formatted(name, server.getAddress().getPort(), threshold));
    }

    @Test
    void aFailingAbortOnFailThresholdStopsTheRunAfterItsGracePeriodAndFailsIt() throws Exception {
        Path yaml = manifest("abort", "{metric: failureRatio, below: 0.01, abortOnFail: true, abortGracePeriod: 2s}");
        long t0 = System.nanoTime();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("run", yaml.toString());
        } finally {
            System.setOut(original);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String out = captured.toString(StandardCharsets.UTF_8);

        assertThat(code).as(out).isEqualTo(LocalRun.EXIT_THRESHOLDS_FAILED);
        assertThat(out).contains("Stopped early, an abortOnFail threshold failed: failureRatio of Aggregated");
        assertThat(seconds).as("the 60 s run stopped after the 2 s grace period").isBetween(2.0, 15.0);
    }

    @Test
    void withoutAbortOnFailTheSameThresholdWaitsForTheRunTime() throws Exception {
        Path yaml = Files.writeString(dir.resolve("wait.yaml"), Files.readString(
                manifest("wait", "{metric: failureRatio, below: 0.01}")).replace("runTime: 60s", "runTime: 4s"));
        long t0 = System.nanoTime();
        assertThat(Main.run("run", yaml.toString())).isEqualTo(LocalRun.EXIT_THRESHOLDS_FAILED);
        assertThat((System.nanoTime() - t0) / 1e9).isGreaterThanOrEqualTo(4.0);
    }
}
