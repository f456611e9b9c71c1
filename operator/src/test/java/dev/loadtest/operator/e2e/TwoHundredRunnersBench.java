package dev.loadtest.operator.e2e;

import dev.loadtest.api.v1alpha1.ConfigMapLoadfile;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.testcluster.ImageCommand;
import dev.loadtest.testcluster.KubeClusterExtension;
import dev.loadtest.testcluster.PodContext;
import dev.loadtest.testcluster.ProcessTree;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    /**
     * The runner processes' CPU priority ({@code nice -n}; 0 = as the control plane). On a real cluster the API server
     * and etcd do not share their CPUs with the runner pods; here 200 runner JVMs starting at once (about 1.5 s of CPU
     * each) would leave the 2 cores' API server minutes behind, the operator unable to renew its Lease.
     */
    static final int RUNNER_NICE = Integer.getInteger("bench.runnerNice", 10);
    /** Whether the runners start from a JDK 25 AOT cache, trained here as the runner image's build trains it. */
    static final boolean RUNNER_AOT = Boolean.parseBoolean(System.getProperty("bench.runnerAot", "true"));
    static final Path AOT_CACHE = ROOT.resolve("operator/target/two-hundred-runner.aot");

    @RegisterExtension
    @Order(1)
    static KubeClusterExtension cluster = KubeClusterExtension.builder().crds(ROOT.resolve("crds"))
            .image(RestartableOperator.RUNNER_IMAGE, TwoHundredRunnersBench::runnerCommand).build();

    /** {@code java -jar <runner jar> <args>} as {@link ImageCommand#javaJar} runs it, at {@link #RUNNER_NICE}. */
    static List<String> runnerCommand(Container container, PodContext pod) {
        List<String> command = new ArrayList<>();
        if (RUNNER_NICE != 0) {
            command.addAll(List.of("nice", "-n", String.valueOf(RUNNER_NICE))); // it execs java: the pod's PID is java's
        }
        command.addAll(ImageCommand.javaJar(RUNNER_JAR).command(container, pod));
        return command;
    }

    /**
     * The runner image's AOT cache for this runner jar and these JVM options (runner-image/Dockerfile's training run:
     * the shop loadfile against a local target); in process mode the kubelet runs the jar, not the image, so the
     * cache is made here. Returns the JVM options that use it ({@code AOTMode=on}: a runner fails rather than start
     * without it).
     */
    static String trainAotCache() throws IOException, InterruptedException {
        Files.deleteIfExists(AOT_CACHE);
        List<String> command = new ArrayList<>(List.of(ImageCommand.javaExecutable(), "-XX:AOTCacheOutput=" + AOT_CACHE,
                "-Xlog:aot=error"));
        command.addAll(List.of(RUNNER_JVM.trim().split("\\s+")));
        command.addAll(List.of("-jar", RUNNER_JAR.toString(), "aot-training", "-f",
                ROOT.resolve("docs/examples/shop/ShopUser.java").toString()));
        Path log = ROOT.resolve("operator/target/two-hundred-aot-training.log");
        long start = System.nanoTime();
        Process training = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!training.waitFor(5, TimeUnit.MINUTES) || training.exitValue() != 0 || !Files.exists(AOT_CACHE)) {
                throw new IllegalStateException("the AOT training run failed, see " + log);
            }
        } finally {
            ProcessTree.kill(training.toHandle());
        }
        System.out.printf("[two-hundred] AOT cache for the runners: %d MB, trained in %d s%n",
                Files.size(AOT_CACHE) / 1_000_000, Duration.ofNanos(System.nanoTime() - start).toSeconds());
        // mapped where it was made, not relocated (the JDK relocates it by default, writing to every page): its 45 MB
        // then stay clean pages that all runners share, instead of a private copy in each (81 -> 60 MB private each)
        return "-XX:AOTCache=" + AOT_CACHE + " -XX:AOTMode=on -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0";
    }

    @RegisterExtension
    @Order(2)
    static RestartableOperator<CountingTarget> operator = RestartableOperator.on(cluster).log("two-hundred-operator").withHttpPort()
            // hundreds of runner JVMs starting at once leave the API server minutes behind (see FiftyLoadTestsE2E)
            .jvmOption("-Dloadtest.lease-duration=120s")
            .jvmOption("-Dloadtest.lease-renew-deadline=90s")
            .jvmOption("-Dloadtest.start-timeout=20m")
            // 200 runners warming up their HTTP clients at once at nice 10 answered /start after 10 s and more: with
            // the default 3 s the operator re-sent the start until their 60 s had run (the 23:50 attempt)
            .jvmOption("-Dloadtest.runner.request-timeout=15s")
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
        String runnerJvm = RUNNER_AOT ? RUNNER_JVM + " " + trainAotCache() : RUNNER_JVM;
        lt.getSpec().setEnv(List.of(new EnvVar("JAVA_TOOL_OPTIONS", runnerJvm, null)));
        LoadAverage load = LoadAverage.follow();

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
        load.stop();
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
        // not asserted: a poll adds deltas only when every runner answered it, and on this 2-core machine 200 runner
        // JVMs keep some runner late on most polls (the 00:46 run merged every poll in full and counted exactly);
        // bench/operator-merge.sh and RunningMergeTest prove the deltas path. Printed below.

        Instant started = Instant.parse(done.getStatus().getStartTime());
        Instant completed = Instant.parse(done.getStatus().getCompletionTime());
        System.out.printf("[two-hundred] %d runner pods (%s; nice %d): Succeeded, requests %d = served by the target %d%n",
                RUNNERS, runnerJvm, RUNNER_NICE, requests, operator.target().served());
        System.out.printf("[two-hundred] created -> all runners started %d s; -> verdict %d s; whole bench %d s%n",
                Duration.between(created, started).toSeconds(), Duration.between(created, completed).toSeconds(),
                allDone.toSeconds());
        System.out.printf("[two-hundred] runners' memory at its peak, over %d processes: proportional set (PSS: shared"
                        + " pages divided among their users) %.2f GiB (%.0f MB each); resident (RSS, shared pages counted in"
                        + " each) %.2f GiB (%.0f MB each); of 24 GiB%n", runners.peakCount.get(),
                runners.peakPss.get() / (double) (1L << 30), runners.peakPss.get() / 1e6 / Math.max(1, runners.peakCount.get()),
                runners.peakBytes.get() / (double) (1L << 30),
                runners.peakBytes.get() / 1e6 / Math.max(1, runners.peakCount.get()));
        System.out.printf("[two-hundred] operator: peak heap used %.0f MB, peak RSS %.0f MB, CPU %.1f s%n",
                peaks.heapBytes.get() / 1e6, FiftyLoadTestsE2E.rssPeakKb(operator.process().pid()) / 1e3, cpu);
        System.out.printf("[two-hundred] operator merges: %.0f by deltas (mean %.1f ms, max %.1f ms), %.0f in full (mean"
                        + " %.1f ms, max %.1f ms)%n", byDeltas,
                1000 * sample(metrics, "loadtest_stats_merge_seconds_sum", "deltas") / Math.max(1, byDeltas),
                1000 * sample(metrics, "loadtest_stats_merge_seconds_max", "deltas"), inFull,
                1000 * sample(metrics, "loadtest_stats_merge_seconds_sum", "full") / Math.max(1, inFull),
                1000 * sample(metrics, "loadtest_stats_merge_seconds_max", "full"));
        System.out.printf("[two-hundred] load average (1 min): peak %.1f during the run; at the end %s%n", load.peak(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        // a leader that cannot renew its Lease exits (LeaderElection): still the same process means it led throughout
        assertThat(operator.process().isAlive()).as("the operator kept its Lease (the same process)").isTrue();
    }

    /** The 1-minute load average, sampled every 5 s; its peak. */
    static final class LoadAverage {
        private final AtomicLong peakHundredths = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        static LoadAverage follow() {
            LoadAverage load = new LoadAverage();
            load.thread = Thread.ofVirtual().start(() -> {
                while (load.running.get()) {
                    try {
                        double now = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
                        load.peakHundredths.accumulateAndGet(Math.round(now * 100), Math::max);
                        Thread.sleep(5000);
                    } catch (IOException e) {
                        return;
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return load;
        }

        double peak() {
            return peakHundredths.get() / 100.0;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join(5000);
        }
    }

    /** One sample of the operator's Prometheus text, by name and its {@code path} label; 0 when absent. */
    static double sample(String metrics, String name, String path) {
        Matcher m = Pattern.compile("^" + name + "\\{[^}]*path=\"" + path + "\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /**
     * Samples the pod processes' (the runner JVMs') memory every 10 s, proportional (PSS) and resident (RSS), and keeps
     * the sample of the highest PSS: what they take of the machine, their shared pages (the AOT cache, the JDK's
     * libraries) counted once.
     */
    static final class RunnerMemory {
        final AtomicLong peakBytes = new AtomicLong();
        final AtomicLong peakPss = new AtomicLong();
        final AtomicLong peakCount = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        static RunnerMemory follow(KubeClusterExtension cluster) {
            RunnerMemory memory = new RunnerMemory();
            memory.thread = Thread.ofVirtual().start(() -> {
                while (memory.running.get()) {
                    long total = 0;
                    long pss = 0;
                    long count = 0;
                    for (long pid : cluster.kubelet().pids()) {
                        try {
                            String rollup = Files.readString(Path.of("/proc", String.valueOf(pid), "smaps_rollup"));
                            Matcher rss = Pattern.compile("(?m)^Rss:\\s+(\\d+) kB").matcher(rollup);
                            Matcher proportional = Pattern.compile("(?m)^Pss:\\s+(\\d+) kB").matcher(rollup);
                            if (rss.find() && proportional.find()) {
                                total += Long.parseLong(rss.group(1)) * 1024;
                                pss += Long.parseLong(proportional.group(1)) * 1024;
                                count++;
                            }
                        } catch (IOException e) {
                            // the process ended between the listing and the read
                        }
                    }
                    if (pss > memory.peakPss.get()) {
                        memory.peakPss.set(pss);
                        memory.peakBytes.set(total);
                        memory.peakCount.set(count);
                    }
                    try {
                        Thread.sleep(10_000); // reading 200 processes' smaps costs a fraction of a core
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
