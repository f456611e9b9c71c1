package dev.loadtest.runner.e2e;

import dev.loadtest.FastHttpUser;
import dev.loadtest.Response;
import dev.loadtest.Task;
import dev.loadtest.WaitTime;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.runner.engine.Engine;
import dev.loadtest.runner.loadfile.CompiledLoadfile;
import dev.loadtest.runner.loadfile.LoadfileModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FastHttpUser's own TLS against a real nginx with a self-signed certificate for "localhost", reached as
 * 127.0.0.1: {@code --insecure} ({@code spec.insecureSkipTlsVerify}) must let it through as it lets HttpUser
 * through, and without it every request must fail on the certificate. A whole engine run per case.
 */
class FastHttpUserTlsIT {

    private static final int USERS = 2;
    private static final long REQUESTS = 20;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(15);

    static final Set<String> BODIES = ConcurrentHashMap.newKeySet();
    static final Set<String> ERRORS = ConcurrentHashMap.newKeySet();

    @TempDir
    static Path dir;
    static NginxServer nginx;

    static class FastProbe extends FastHttpUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(0.01);
        }

        @Task
        void fetch() {
            Response r = client.get("/");
            if (r.ok()) {
                BODIES.add(r.httpVersion() + " " + r.text());
            }
            if (r.error() != null) {
                ERRORS.add(r.error());
            }
        }
    }

    @BeforeAll
    static void startNginx() throws Exception {
        nginx = NginxServer.start(dir);
    }

    @AfterAll
    static void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.close();
        }
    }

    @BeforeEach
    void clear() {
        BODIES.clear();
        ERRORS.clear();
    }

    @Test
    void insecureTrustsTheSelfSignedCertificateAndEveryRequestSucceeds() throws Exception {
        EndpointStats total = run(true);
        assertThat(ERRORS).as(nginx.logs()).isEmpty();
        assertThat(BODIES).containsExactly("HTTP/1.1 {\"ok\":true}");
        assertThat(total.numRequests()).isGreaterThanOrEqualTo(REQUESTS);
        assertThat(total.numFailures()).isZero();
    }

    @Test
    void withoutInsecureTheSelfSignedCertificateFailsEveryRequest() throws Exception {
        EndpointStats total = run(false);
        assertThat(BODIES).isEmpty();
        assertThat(total.numFailures()).isEqualTo(total.numRequests()).isGreaterThanOrEqualTo(REQUESTS);
        assertThat(ERRORS).singleElement().asString().contains("unable to find valid certification path");
    }

    /** Runs {@link #USERS} FastProbe users until {@link #REQUESTS} requests are counted; the run's totals. */
    private static EndpointStats run(boolean insecure) throws Exception {
        LoadfileModel model = LoadfileModel.of(new CompiledLoadfile("fast-tls", FastProbe.class.getClassLoader(),
                List.of(FastProbe.class)));
        try (Engine engine = new Engine(model, "fast-tls-it")) {
            engine.start(new StartCommand("run", nginx.tlsUrl(), Map.of("FastProbe", USERS), USERS, null, null, null,
                    null, 0, null, insecure));
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            while (engine.snapshot().total().numRequests() < REQUESTS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            engine.stop();
            assertThat(engine.awaitStopped(Duration.ofSeconds(10))).isTrue();
            return engine.snapshot().total();
        }
    }
}
