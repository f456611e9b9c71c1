package dev.loadtest.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.loadtest.operator.e2e.LoadTestE2E.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 50 LoadTests at once in 5 namespaces, each one runner process with one user against its own
 * {@link CountingTarget}, on the packaged operator: every run must succeed with exactly what its target served, and
 * each LoadTest's status writes (counted in the API server's audit log) must stay within its lifetime divided by the
 * status-write interval, plus the handful of transitions written at once. Prints the operator's peak heap and RSS,
 * its CPU time and its API requests per LoadTest; bench/RESULTS.md keeps the figures.
 */
class FiftyLoadTestsE2E {

    static final int NAMESPACES = 5;
    static final int PER_NAMESPACE = 10;
    static final Duration WRITE_INTERVAL = Duration.ofSeconds(2);
    /** Phase and condition changes are written at once: Pending, Starting, Running, Stopping, finished, cleaned up. */
    static final int TRANSITIONS = 8;
    static final String AGENT = "loadtest-operator-e2e";

    @RegisterExtension
    @Order(1)
    static KubeClusterExtension cluster = RestartableOperator.runnerProcessCluster()
            .auditLog(true)
            .build();

    @RegisterExtension
    @Order(2)
    static RestartableOperator<CountingTarget> operator = RestartableOperator.on(cluster).log("fifty-operator").withHttpPort()
            .jvmOption("-Dloadtest.status-write-interval=" + WRITE_INTERVAL.toSeconds() + "s")
            .jvmOption("-Dkubernetes.user.agent=" + AGENT)
            // 50 runner JVMs starting at once on 2 cores leave the API server minutes behind: with client-go's 10 s
            // renew deadline the operator would lose its Lease and exit (a Deployment restarts it; here nobody would)
            .jvmOption("-Dloadtest.lease-duration=90s")
            .jvmOption("-Dloadtest.lease-renew-deadline=60s")
            // and their pods take minutes, not the 2 the other E2Es allow, to become ready
            .jvmOption("-Dloadtest.start-timeout=10m")
            .build();

    static final List<CountingTarget> targets = new ArrayList<>();

    @AfterAll
    static void stopTargets() {
        targets.forEach(CountingTarget::close);
    }

    @Test
    void fiftyLoadTestsInFiveNamespacesAllCountWhatTheirTargetServedWithBoundedStatusWrites() throws Exception {
        KubernetesClient client = cluster.client();
        List<String> namespaces = new ArrayList<>();
        for (int n = 1; n <= NAMESPACES; n++) {
            String ns = "team-" + n;
            namespaces.add(ns);
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        // pods are refused until the namespace's default ServiceAccount and (before 1.24) its token exist
        await().atMost(Duration.ofMinutes(1)).until(() -> namespaces.stream().allMatch(ns -> {
            ServiceAccount sa = client.serviceAccounts().inNamespace(ns).withName("default").get();
            return sa != null && sa.getSecrets() != null && !sa.getSecrets().isEmpty();
        }));
        await("the operator to lead").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.leases().inNamespace("default").withName("loadtest-operator-lease").get() != null);

        Peaks peaks = Peaks.follow(operator.process().pid(), operator.httpPort());
        double cpuBefore = cpuSeconds(operator.process().pid());
        long auditBefore = Files.lines(cluster.cluster().auditLog()).count();
        Instant created = Instant.now();
        Map<String, CountingTarget> targetOf = new TreeMap<>();
        for (String ns : namespaces) {
            for (int i = 0; i < PER_NAMESPACE; i++) {
                CountingTarget target = new CountingTarget();
                targets.add(target);
                LoadTest lt = LoadTestE2E.loadTest("lt-" + i, 1, 1, "6s", target.baseUrl());
                lt.getMetadata().setNamespace(ns);
                lt.getSpec().setSpawnRate(1.0);
                lt.getSpec().setStopTimeout("5s");
                // small runner JVMs: 50 of them share the machine with the control plane and the operator
                lt.getSpec().setEnv(List.of(new EnvVar("JAVA_TOOL_OPTIONS",
                        "-Xmx96m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1 -Xss512k", null)));
                client.resource(lt).create();
                targetOf.put(ns + "/lt-" + i, target);
            }
        }

        // one list a poll, and patience with an API server that 50 starting runner JVMs leave slow to answer
        await().atMost(Duration.ofMinutes(12)).pollInterval(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> client.resources(LoadTest.class).inAnyNamespace().list().getItems().stream()
                        .filter(FiftyLoadTestsE2E::finished).count() == targetOf.size());
        Duration allDone = Duration.between(created, Instant.now());
        Thread.sleep(3_000); // the cleanups after the last verdict
        peaks.stop();
        double cpu = cpuSeconds(operator.process().pid()) - cpuBefore;

        Map<String, Integer> statusWrites = new TreeMap<>();
        Map<String, Long> lifetimes = new TreeMap<>();
        for (var entry : targetOf.entrySet()) {
            String[] key = entry.getKey().split("/");
            LoadTest done = client.resources(LoadTest.class).inNamespace(key[0]).withName(key[1]).get();
            assertThat(done.getStatus().getPhase()).as(entry.getKey() + " " + done.getStatus().getConditions())
                    .isEqualTo("Succeeded");
            assertThat(done.getStatus().getSummary().getAggregated().getRequests()).as(entry.getKey() + ": requests = served")
                    .isPositive().isEqualTo(entry.getValue().served());
            lifetimes.put(entry.getKey(), Duration.between(Instant.parse(done.getMetadata().getCreationTimestamp()),
                    Instant.parse(done.getStatus().getCompletionTime())).toSeconds() + 4);
            statusWrites.put(entry.getKey(), 0);
        }

        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> byKind = new TreeMap<>();
        long operatorRequests = 0;
        try (var lines = Files.lines(cluster.cluster().auditLog())) {
            for (String line : (Iterable<String>) lines.skip(auditBefore)::iterator) {
                JsonNode event = json.readTree(line);
                if (!event.path("userAgent").asText().startsWith(AGENT)) {
                    continue;
                }
                operatorRequests++;
                JsonNode ref = event.path("objectRef");
                String resource = ref.path("resource").asText() + (ref.has("subresource") ? "/" + ref.path("subresource").asText() : "");
                byKind.merge(event.path("verb").asText() + " " + resource, 1, Integer::sum);
                String key = ref.path("namespace").asText() + "/" + ref.path("name").asText();
                boolean write = !List.of("get", "list", "watch").contains(event.path("verb").asText());
                if (write && "loadtests/status".equals(resource) && statusWrites.containsKey(key)) {
                    statusWrites.merge(key, 1, Integer::sum);
                }
            }
        }
        assertThat(operatorRequests).as("the operator's requests are in the audit log under its user agent").isPositive();
        assertThat(peaks.heapBytes.get()).as("heap samples from the operator's /q/metrics").isPositive();
        for (var entry : statusWrites.entrySet()) {
            long bound = lifetimes.get(entry.getKey()) / WRITE_INTERVAL.toSeconds() + TRANSITIONS;
            assertThat(entry.getValue()).as(entry.getKey() + "'s status writes over " + lifetimes.get(entry.getKey())
                    + " s").isPositive().isLessThanOrEqualTo((int) bound);
        }
        int total = NAMESPACES * PER_NAMESPACE;
        System.out.printf("[fifty] %d LoadTests in %d namespaces all Succeeded with requests = served; all finished %d s after"
                        + " the first was created%n", total, NAMESPACES, allDone.toSeconds());
        System.out.printf("[fifty] status writes per LoadTest: max %d, mean %.1f (write interval %d s)%n",
                statusWrites.values().stream().mapToInt(Integer::intValue).max().orElseThrow(),
                statusWrites.values().stream().mapToInt(Integer::intValue).average().orElseThrow(), WRITE_INTERVAL.toSeconds());
        System.out.printf("[fifty] operator: peak heap used %.0f MB, peak RSS %.0f MB, CPU %.1f s, API requests %d (%.1f per"
                        + " LoadTest)%n", peaks.heapBytes.get() / 1e6, rssPeakKb(operator.process().pid()) / 1e3, cpu,
                operatorRequests, operatorRequests / (double) total);
        System.out.println("[fifty] operator requests by verb and resource: " + byKind);
    }

    static boolean finished(LoadTest lt) {
        return "Succeeded".equals(phase(lt)) || "Failed".equals(phase(lt));
    }

    /** utime + stime of the process, from /proc (clock ticks of 1/100 s). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** The process's peak resident set (VmHWM), in kB. */
    static long rssPeakKb(long pid) throws IOException {
        Matcher m = Pattern.compile("VmHWM:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Samples the operator's used heap from its own /q/metrics once a second and keeps the highest. */
    static final class Peaks {
        private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)", Pattern.MULTILINE);
        final AtomicLong heapBytes = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        static Peaks follow(long pid, int port) {
            Peaks peaks = new Peaks();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build();
            peaks.thread = Thread.ofVirtual().start(() -> {
                while (peaks.running.get()) {
                    try {
                        String body = http.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
                        Matcher m = HEAP.matcher(body);
                        long heap = 0;
                        while (m.find()) {
                            heap += (long) Double.parseDouble(m.group(1));
                        }
                        long used = heap;
                        peaks.heapBytes.accumulateAndGet(used, Math::max);
                    } catch (IOException e) {
                        // the operator was too busy to answer: the next sample will do
                    } catch (InterruptedException e) {
                        return;
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return peaks;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }
}
