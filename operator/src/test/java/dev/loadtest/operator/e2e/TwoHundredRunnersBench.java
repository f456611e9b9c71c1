package dev.loadtest.operator.e2e;

import dev.loadtest.api.v1alpha1.ConfigMapLoadfile;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.loadtest.operator.e2e.LoadTestE2E.NS;
import static dev.loadtest.operator.e2e.LoadTestE2E.phase;
import static dev.loadtest.operator.e2e.RestartableOperator.ROOT;
import static dev.loadtest.operator.e2e.RestartableOperator.RUNNER_JAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One LoadTest of {@value #RUNNERS} real runner pods (the runner jar, run by the test cluster's process kubelet, each
 * JVM with a small heap) against one {@link CountingTarget}, on the packaged operator and the real API server: the run
 * must complete, and its merged request count must equal what the target served. Prints the time to all runners
 * started and to the verdict, the runners' total resident memory at its peak, the operator's peak heap and RSS, and
 * its merges of the run's statistics (by deltas or in full, and how long they took, from its own metrics).
 *
 * <p>A benchmark, not a test CI runs (it takes the machine for minutes): {@code bench/two-hundred-runners.sh}.
 */
class TwoHundredRunnersBench {

    static final int RUNNERS = Integer.getInteger("bench.runners", 200);
    /** Small runner JVMs: 200 of them share 2 cores and 24 GB with the control plane and the operator. */
    static final String RUNNER_JVM = System.getProperty("bench.runnerJvm",
            "-Xmx48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss512k");

    @RegisterExtension
    @Order(1)
    static KubeClusterExtension cluster = RestartableOperator.runnerProcessCluster().build();

    @RegisterExtension
    @Order(2)
    static RestartableOperator<CountingTarget> operator = RestartableOperator.on(cluster).log("two-hundred-operator").withHttpPort()
            // hundreds of runner JVMs starting at once leave the API server minutes behind (see FiftyLoadTestsE2E)
            .jvmOption("-Dloadtest.lease-duration=120s")
            .jvmOption("-Dloadtest.lease-renew-deadline=90s")
            .jvmOption("-Dloadtest.start-timeout=20m")
            .build();

    @Test
    void twoHundredRunnerPodsCompleteAndCountExactlyWhatTheTargetServed(@TempDir Path work) throws Exception {
        KubernetesClient client = cluster.client();
        // the shop loadfile compiled once here, as a user ships a jar: 200 runners do not each run javac
        byte[] jar = LoadfileJar.compile(ROOT.resolve("docs/examples/shop/ShopUser.java"), RUNNER_JAR, work);
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("shop-jar").withNamespace(NS).endMetadata()
                .withBinaryData(Map.of("loadtest.jar", Base64.getEncoder().encodeToString(jar))).build()).create();
        await("the operator to lead").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.leases().inNamespace("default").withName("loadtest-operator-lease").get() != null);

        LoadTest lt = LoadTestE2E.loadTest("two-hundred", RUNNERS, RUNNERS, "60s", operator.target().baseUrl());
        lt.getSpec().setSpawnRate((double) RUNNERS);
        LoadfileSource loadfile = new LoadfileSource();
        ConfigMapLoadfile cm = new ConfigMapLoadfile();
        cm.setName("shop-jar");
        cm.setKey("loadtest.jar");
        loadfile.setConfigMap(cm);
        lt.getSpec().setLoadfile(loadfile);
        lt.getSpec().setEnv(List.of(new EnvVar("JAVA_TOOL_OPTIONS", RUNNER_JVM, null)));

        FiftyLoadTestsE2E.Peaks peaks = FiftyLoadTestsE2E.Peaks.follow(operator.process().pid(), operator.httpPort());
        RunnerMemory runners = RunnerMemory.follow(cluster);
        double cpuBefore = FiftyLoadTestsE2E.cpuSeconds(operator.process().pid());
        Instant created = Instant.now();
        client.resource(lt).create();
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> FiftyLoadTestsE2E.finished(client.resources(LoadTest.class).inNamespace(NS)
                        .withName("two-hundred").get()));
        Duration allDone = Duration.between(created, Instant.now());
        runners.stop();
        peaks.stop();
        double cpu = FiftyLoadTestsE2E.cpuSeconds(operator.process().pid()) - cpuBefore;
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + operator.httpPort() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();

        LoadTest done = client.resources(LoadTest.class).inNamespace(NS).withName("two-hundred").get();
        assertThat(phase(done)).as(String.valueOf(done.getStatus().getConditions())).isEqualTo("Succeeded");
        assertThat(done.getStatus().getRunners().getExpected()).isEqualTo(RUNNERS);
        long requests = done.getStatus().getSummary().getAggregated().getRequests();
        assertThat(requests).as("requests in status = requests the target served").isPositive()
                .isEqualTo(operator.target().served());
        double byDeltas = sample(metrics, "loadtest_stats_merge_seconds_count", "deltas");
        double inFull = sample(metrics, "loadtest_stats_merge_seconds_count", "full");
        assertThat(byDeltas).as("polls merged by the runners' deltas (control protocol 3)").isPositive();

        Instant started = Instant.parse(done.getStatus().getStartTime());
        Instant completed = Instant.parse(done.getStatus().getCompletionTime());
        System.out.printf("[two-hundred] %d runner pods (%s): Succeeded, requests %d = served by the target %d%n",
                RUNNERS, RUNNER_JVM, requests, operator.target().served());
        System.out.printf("[two-hundred] created -> all runners started %d s; -> verdict %d s; whole bench %d s%n",
                Duration.between(created, started).toSeconds(), Duration.between(created, completed).toSeconds(),
                allDone.toSeconds());
        System.out.printf("[two-hundred] runners' resident memory: peak total %.2f GiB over %d processes (%.0f MB each),"
                        + " of 24 GiB%n", runners.peakBytes.get() / (double) (1L << 30), runners.peakCount.get(),
                runners.peakBytes.get() / 1e6 / Math.max(1, runners.peakCount.get()));
        System.out.printf("[two-hundred] operator: peak heap used %.0f MB, peak RSS %.0f MB, CPU %.1f s%n",
                peaks.heapBytes.get() / 1e6, FiftyLoadTestsE2E.rssPeakKb(operator.process().pid()) / 1e3, cpu);
        System.out.printf("[two-hundred] operator merges: %.0f by deltas (mean %.1f ms, max %.1f ms), %.0f in full (mean"
                        + " %.1f ms, max %.1f ms)%n", byDeltas,
                1000 * sample(metrics, "loadtest_stats_merge_seconds_sum", "deltas") / Math.max(1, byDeltas),
                1000 * sample(metrics, "loadtest_stats_merge_seconds_max", "deltas"), inFull,
                1000 * sample(metrics, "loadtest_stats_merge_seconds_sum", "full") / Math.max(1, inFull),
                1000 * sample(metrics, "loadtest_stats_merge_seconds_max", "full"));
        System.out.printf("[two-hundred] load average at the end: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    }

    /** One sample of the operator's Prometheus text, by name and its {@code path} label; 0 when absent. */
    static double sample(String metrics, String name, String path) {
        Matcher m = Pattern.compile("^" + name + "\\{[^}]*path=\"" + path + "\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Samples the total resident memory of the pod processes (the runner JVMs) every 2 s and keeps the peak. */
    static final class RunnerMemory {
        final AtomicLong peakBytes = new AtomicLong();
        final AtomicLong peakCount = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        static RunnerMemory follow(KubeClusterExtension cluster) {
            RunnerMemory memory = new RunnerMemory();
            memory.thread = Thread.ofVirtual().start(() -> {
                while (memory.running.get()) {
                    long total = 0;
                    long count = 0;
                    for (long pid : cluster.kubelet().pids()) {
                        try {
                            Matcher m = Pattern.compile("VmRSS:\\s+(\\d+) kB")
                                    .matcher(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
                            if (m.find()) {
                                total += Long.parseLong(m.group(1)) * 1024;
                                count++;
                            }
                        } catch (IOException e) {
                            // the process ended between the listing and the read
                        }
                    }
                    if (total > memory.peakBytes.get()) {
                        memory.peakBytes.set(total);
                        memory.peakCount.set(count);
                    }
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return memory;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }
}
