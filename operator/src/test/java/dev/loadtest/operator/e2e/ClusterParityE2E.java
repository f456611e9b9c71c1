package dev.loadtest.operator.e2e;

import com.sun.net.httpserver.HttpServer;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.loadtest.operator.e2e.LoadTestE2E.NS;
import static dev.loadtest.operator.e2e.LoadTestE2E.awaitFinished;
import static dev.loadtest.operator.e2e.LoadTestE2E.condition;
import static dev.loadtest.operator.e2e.LoadTestE2E.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What makes the runners of a cluster run behave as one Locust test, end to end: the operator jar against a real
 * API server, runner pods run by the process kubelet as the real runner jar, loadfiles compiled in the pods. The
 * loadfile's LoadShape is followed across runners (the user count in status traces its steps), {@code quit()} in
 * one runner's user code ends every runner, and a once-per-test {@code @OnTestStart} hook that seeds data is done
 * before any runner's first request ({@link SeedingTarget} counts seeding calls and load requests apart).
 */
class ClusterParityE2E {

    @RegisterExtension
    @Order(1)
    static KubeClusterExtension cluster = RestartableOperator.runnerProcessCluster().build();

    @RegisterExtension
    @Order(2)
    static RestartableOperator<SeedingTarget> operator = RestartableOperator.on(cluster).log("operator-parity")
            .target(SeedingTarget::new).build();

    static SeedingTarget target() {
        return operator.target();
    }

    /** 2 users for 10 s, 6 for 10 s, 2 for 8 s, then stop: Locust's step shape, in the loadfile. */
    static final String SHAPED = """
            import dev.loadtest.*;
            public class ShapedUser extends HttpUser {
                protected WaitTime waitTime() { return WaitTime.constant(0.2); }
                @Task void load() { client.get("/load"); }
            }
            class Steps extends LoadShape {
                public Target tick() {
                    double t = getRunTime();
                    return t < 10 ? new Target(2, 20) : t < 20 ? new Target(6, 20) : t < 28 ? new Target(2, 20) : null;
                }
            }
            """;

    @Test
    void theLoadfilesShapeIsFollowedAcrossRunnersAndTheUserCountInStatusTracesItsSteps() {
        KubernetesClient client = cluster.client();
        // spec.users 1 and runTime 2m are ignored while the shape is followed, as Locust ignores -u and -t
        client.resource(loadTest("shaped", 2, 1, "2m", "ShapedUser", SHAPED)).create();
        Resource<LoadTest> lt = client.resources(LoadTest.class).inNamespace(NS).withName("shaped");

        // sample status.users every 500 ms until the run ends: the samples are the measurement, not a wait
        List<Integer> samples = new ArrayList<>();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            LoadTest now = lt.get();
            if (now != null && now.getStatus() != null && "Running".equals(now.getStatus().getPhase())
                    && now.getStatus().getUsers() != null) {
                samples.add(now.getStatus().getUsers());
            }
            return "Succeeded".equals(phase(now)) || "Failed".equals(phase(now));
        });
        LoadTest done = lt.get();
        System.out.println("[e2e] LoadShape: status.users every 500 ms: " + samples);

        assertThat(done.getStatus().getPhase()).as(condition(done, "Ready").getMessage()).isEqualTo("Succeeded");
        // status is written at most every 2 s and the runners ramp at 20/s, so a sample may also catch 0 (before
        // the first report) or a count between two levels, never above the highest step
        List<Integer> levels = new ArrayList<>();
        samples.stream().filter(n -> n == 2 || n == 6).forEach(n -> {
            if (levels.isEmpty() || !levels.getLast().equals(n)) {
                levels.add(n);
            }
        });
        assertThat(levels).as(samples.toString()).containsExactly(2, 6, 2);
        assertThat(samples).as("never above the highest step").allMatch(n -> n <= 6);
        assertThat(samples.stream().filter(n -> n == 6).count()).as("the 10 s at 6 users is seen for seconds, "
                + samples).isGreaterThanOrEqualTo(6);
        double seconds = Duration.between(Instant.parse(done.getStatus().getStartTime()),
                Instant.parse(done.getStatus().getCompletionTime())).toMillis() / 1000.0;
        assertThat(seconds).as("ends when tick() returns null after 28 s, not at runTime's 2 min").isBetween(27.0, 60.0);
        List<Event> events = LoadTestE2E.events(client, "shaped");
        assertThat(events).extracting(Event::getReason).contains("LoadShapeFollowed").doesNotContain("LoadShapeNotFollowed");
        assertThat(events).filteredOn(e -> "UsersRedispatched".equals(e.getReason())).extracting(Event::getMessage)
                .anySatisfy(m -> assertThat(m).contains("to 6 users")).anySatisfy(m -> assertThat(m).contains("to 2 users"));
        assertThat(condition(done, "Ready").getMessage()).isNotNull();
        assertThat(done.getStatus().getSummary().getAggregated().getRequests()).isEqualTo(target().loads());
    }

    /** Runner 1's users quit the test after 30 requests between them; the run's time is 2 minutes. */
    static final String QUITTING = """
            import dev.loadtest.*;
            import java.util.concurrent.atomic.AtomicInteger;
            public class QuittingUser extends HttpUser {
                static final AtomicInteger sent = new AtomicInteger();
                protected void onStart() { client.headers().put("X-Runner", String.valueOf(environment().runnerIndex())); }
                protected WaitTime waitTime() { return WaitTime.constant(0.1); }
                @Task void load() {
                    client.get("/load");
                    if (environment().runnerIndex() == 1 && sent.incrementAndGet() == 30) {
                        environment().quit();
                    }
                }
            }
            """;

    @Test
    void quitInOneRunnersUserCodeStopsEveryRunnerAndTheFinalCountsAreWhatTheTargetServed() {
        KubernetesClient client = cluster.client();
        client.resource(loadTest("quitting", 3, 6, "2m", "QuittingUser", QUITTING)).create();
        LoadTest done = awaitFinished(client, "quitting", Duration.ofMinutes(4));

        assertThat(done.getStatus().getPhase()).as("quit() is not a failure, as in Locust")
                .isEqualTo("Succeeded");
        assertThat(condition(done, "Succeeded").getReason()).isEqualTo("Completed");
        double seconds = Duration.between(Instant.parse(done.getStatus().getStartTime()),
                Instant.parse(done.getStatus().getCompletionTime())).toMillis() / 1000.0;
        assertThat(seconds).as("ended by quit() after about 1.5 s of runner 1's load, long before runTime's 2 min")
                .isLessThan(40.0);
        String quit = LoadTestE2E.events(client, "quitting").stream().filter(e -> "QuitByUserCode".equals(e.getReason()))
                .map(Event::getMessage).findFirst().orElseThrow();
        System.out.println("[e2e] quit(): " + quit + " (run of " + seconds + " s)");
        assertThat(quit).startsWith("User code called quit() (QuittingUser.load) on runner quitting-");
        long served = target().loads();
        assertThat(done.getStatus().getSummary().getAggregated().getRequests())
                .as("requests in status = requests the target served").isEqualTo(served);
        assertThat(target().runnersSeen()).as("all three runners sent load").containsExactlyInAnyOrder("0", "1", "2");
        // every runner has stopped: nothing reaches the target any more
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> target().loads() == served);
    }

    /** Runner 0 seeds 5 records, 300 ms apart, before any load; every user checks the seed on its first request. */
    static final String SEEDED = """
            import dev.loadtest.*;
            import java.net.URI;
            import java.net.http.HttpClient;
            import java.net.http.HttpRequest;
            import java.net.http.HttpResponse;
            public class SeededUser extends HttpUser {
                @OnTestStart(oncePerTest = true)
                static void seed(TestContext ctx) throws Exception {
                    HttpClient http = HttpClient.newHttpClient();
                    for (int i = 0; i < 5; i++) {
                        http.send(HttpRequest.newBuilder(URI.create(ctx.host() + "/seed"))
                                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                        Thread.sleep(300);
                    }
                }
                protected void onStart() { client.headers().put("X-Runner", String.valueOf(environment().runnerIndex())); }
                protected WaitTime waitTime() { return WaitTime.constant(0.2); }
                @Task void load() { client.get("/load"); }
            }
            """;

    @Test
    void aOncePerTestHookThatSeedsDataIsDoneBeforeAnyRunnersFirstRequest() {
        KubernetesClient client = cluster.client();
        client.resource(loadTest("seeded", 3, 6, "8s", "SeededUser", SEEDED)).create();
        LoadTest done = awaitFinished(client, "seeded", Duration.ofMinutes(4));

        System.out.println("[e2e] once-per-test: " + target().seeds() + " seeds; the fewest seen by a load request: "
                + target().fewestSeedsSeenByALoad() + "; loads: " + target().loads() + " from runners " + target().runnersSeen());
        assertThat(done.getStatus().getPhase()).as(condition(done, "Ready").getMessage()).isEqualTo("Succeeded");
        assertThat(target().seeds()).as("seeded once per test, by runner 0 only").isEqualTo(5);
        assertThat(target().runnersSeen()).as("every runner sent load").containsExactlyInAnyOrder("0", "1", "2");
        assertThat(target().fewestSeedsSeenByALoad()).as("no runner's first request came before the seeding ended")
                .isEqualTo(5);
        assertThat(done.getStatus().getSummary().getAggregated().getRequests()).isEqualTo(target().loads());
        String started = LoadTestE2E.events(client, "seeded").stream().filter(e -> "RunnersStarted".equals(e.getReason()))
                .map(Event::getMessage).findFirst().orElseThrow();
        assertThat(started).contains("runner 0 first, for its once-per-test @OnTestStart hooks");
    }

    static LoadTest loadTest(String name, int runners, int users, String runTime, String className, String source) {
        LoadTest lt = LoadTestE2E.loadTest(name, runners, users, runTime, target().baseUrl());
        LoadfileSource loadfile = new LoadfileSource();
        loadfile.setInline(Map.of(className + ".java", source));
        lt.getSpec().setLoadfile(loadfile);
        lt.getSpec().setStopTimeout("2s");
        return lt;
    }

    /**
     * The system under test: {@code POST /seed} is a seeding call, anything else a load request; it counts both,
     * and for every load request how many seeding calls had been answered when it arrived.
     */
    static final class SeedingTarget implements LoadTarget {
        private final HttpServer server;
        private final AtomicInteger seeds = new AtomicInteger();
        private final AtomicLong loads = new AtomicLong();
        private final AtomicInteger fewestSeeds = new AtomicInteger(Integer.MAX_VALUE);
        private final Set<String> runners = ConcurrentHashMap.newKeySet();

        SeedingTarget() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", ex -> {
                try (ex; InputStream in = ex.getRequestBody()) {
                    in.readAllBytes();
                    if ("/seed".equals(ex.getRequestURI().getPath())) {
                        seeds.incrementAndGet();
                    } else {
                        fewestSeeds.accumulateAndGet(seeds.get(), Math::min);
                        String runner = ex.getRequestHeaders().getFirst("X-Runner");
                        if (runner != null) {
                            runners.add(runner);
                        }
                        loads.incrementAndGet();
                    }
                    ex.sendResponseHeaders(200, -1);
                }
            });
            server.start();
        }

        @Override
        public String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        int seeds() {
            return seeds.get();
        }

        long loads() {
            return loads.get();
        }

        int fewestSeedsSeenByALoad() {
            return fewestSeeds.get();
        }

        Set<String> runnersSeen() {
            return Set.copyOf(runners);
        }

        @Override
        public void reset() {
            seeds.set(0);
            loads.set(0);
            fewestSeeds.set(Integer.MAX_VALUE);
            runners.clear();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
