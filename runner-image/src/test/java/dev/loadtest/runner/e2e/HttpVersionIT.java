package dev.loadtest.runner.e2e;

import dev.loadtest.HttpUser;
import dev.loadtest.Response;
import dev.loadtest.Task;
import dev.loadtest.WaitTime;
import dev.loadtest.api.HttpVersion;
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
 * HttpUser's protocol switch against a real nginx (TLS with h2 by ALPN, self-signed): a whole engine run per
 * case, the protocol read from each {@link Response}, the requests read from the engine's statistics.
 */
class HttpVersionIT {

    private static final int USERS = 2;
    private static final long REQUESTS = 20;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(15);

    static final Set<String> PROTOCOLS = ConcurrentHashMap.newKeySet();
    static final Set<String> ERRORS = ConcurrentHashMap.newKeySet();

    @TempDir
    static Path dir;
    static NginxServer nginx;

    static class Probe extends HttpUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(0.01);
        }

        @Task
        void fetch() {
            Response r = client.get("/");
            if (r.httpVersion() != null) {
                PROTOCOLS.add(r.httpVersion());
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
        PROTOCOLS.clear();
        ERRORS.clear();
    }

    @Test
    void http2SelectedSpeaksH2OverTlsAndEveryRequestIsCounted() throws Exception {
        EndpointStats total = run(nginx.tlsUrl(), HttpVersion.HTTP_2, true);
        assertThat(ERRORS).as(nginx.logs()).isEmpty();
        assertThat(PROTOCOLS).containsExactly("HTTP/2");
        assertThat(total.numRequests()).isGreaterThanOrEqualTo(REQUESTS);
        assertThat(total.numFailures()).isZero();
    }

    @Test
    void theDefaultStaysOnHttp11EvenWhenTheServerOffersH2() throws Exception {
        EndpointStats total = run(nginx.tlsUrl(), null, true);
        assertThat(ERRORS).isEmpty();
        assertThat(PROTOCOLS).containsExactly("HTTP/1.1");
        assertThat(total.numRequests()).isGreaterThanOrEqualTo(REQUESTS);
    }

    @Test
    void overPlainHttpAServerThatDeclinesTheH2cUpgradeIsSpokenToInHttp11() throws Exception {
        EndpointStats total = run(nginx.plainUrl(), HttpVersion.HTTP_2, false);
        assertThat(ERRORS).isEmpty();
        assertThat(PROTOCOLS).containsExactly("HTTP/1.1");
        assertThat(total.numFailures()).isZero();
    }

    @Test
    void aSelfSignedCertificateFailsEveryRequestUnlessInsecure() throws Exception {
        EndpointStats total = run(nginx.tlsUrl(), HttpVersion.HTTP_2, false);
        assertThat(PROTOCOLS).isEmpty();
        assertThat(total.numFailures()).isEqualTo(total.numRequests()).isGreaterThanOrEqualTo(REQUESTS);
        assertThat(ERRORS).singleElement().asString().contains("unable to find valid certification path");
    }

    /** Runs {@link #USERS} Probe users until {@link #REQUESTS} requests are counted; the run's totals. */
    private static EndpointStats run(String host, HttpVersion version, boolean insecure) throws Exception {
        LoadfileModel model = LoadfileModel.of(new CompiledLoadfile("http-version", Probe.class.getClassLoader(),
                List.of(Probe.class)));
        try (Engine engine = new Engine(model, "http-version-it")) {
            engine.start(new StartCommand("run", host, Map.of("Probe", USERS), USERS, null, null, null, null, 0,
                    version, insecure));
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
