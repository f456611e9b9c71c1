package dev.loadtest.operator.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.operator.bench.MergeBenchmark;
import dev.loadtest.testcluster.KubeCluster;
import dev.loadtest.testcluster.ProjectLayout;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's memory per running LoadTest, measured on the packaged operator against the real API server: live
 * heap (and RSS) idle, then with N and 2N LoadTests running (R runners each, every runner serving
 * E endpoints of cumulative statistics), then after they are deleted. Runner pods are played by
 * {@code bench/fake-runner.py} (the runner contract, a canned /stats body), so that the machine's memory goes to
 * the operator, not to R x N runner JVMs. Run by {@code bench/operator-memory.sh}; not a test.
 */
public final class OperatorMemoryBench {

    private static final Path ROOT = ProjectLayout.repositoryRoot();
    private static final String IMAGE = "ghcr.io/loadtest/runner";
    private static final String NS = "default";

    public static void main(String[] args) throws Exception {
        int code = 0;
        try {
            measure(args);
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code); // the cluster's client threads are not daemons

    }

    private static void measure(String[] args) throws Exception {
        int perStep = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int runners = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int endpoints = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path template = statsTemplate(endpoints);
        Path fakeRunner = ROOT.resolve("bench/fake-runner.py");
        try (KubeCluster cluster = KubeCluster.builder().crds(ROOT.resolve("crds"))
                .image(IMAGE, (container, pod) -> {
                    List<String> command = new ArrayList<>(List.of("python3", fakeRunner.toString(), template.toString()));
                    command.addAll(container.getArgs());
                    return command;
                }).build().start();
             OperatorProcess operator = new OperatorProcess(ROOT.resolve("operator/target/quarkus-app/quarkus-run.jar"),
                     cluster.kubeconfig(), ROOT.resolve("operator/target/bench-logs/operator-memory.log"), IMAGE + ":bench")) {
            KubernetesClient client = cluster.client();
            // a first LoadTest brings the operator's caches and code paths up; it is part of the idle baseline
            create(client, "warm", 1);
            awaitRunning(client, List.of("warm"), 1, Duration.ofMinutes(3));
            Thread.sleep(5_000);
            Memory idle = Memory.of(operator.pid());
            List<String> names = new ArrayList<>();
            List<Memory> steps = new ArrayList<>();
            for (int step = 1; step <= 2; step++) {
                for (int i = 0; i < perStep; i++) {
                    String name = "lt-" + step + "-" + i;
                    create(client, name, runners);
                    names.add(name);
                }
                awaitRunning(client, names, runners, Duration.ofMinutes(5));
                Thread.sleep(5_000); // a few polls and status writes
                steps.add(Memory.of(operator.pid()));
            }
            if (System.getenv("HEAP_HISTOGRAM") != null) { // what the heap holds, to see where memory goes
                System.out.println(Memory.jcmd(operator.pid(), "GC.class_histogram").lines().limit(25)
                        .collect(java.util.stream.Collectors.joining("\n")));
            }
            for (String name : names) {
                client.resources(LoadTest.class).inNamespace(NS).withName(name).delete();
            }
            Thread.sleep(20_000); // the runners are told to stop and are garbage collected
            Memory after = Memory.of(operator.pid());

            System.out.printf("operator memory, %d runners per LoadTest, %d endpoints per runner (live heap; RSS)%n",
                    runners, endpoints);
            System.out.printf("%-28s %10s %16s %10s%n", "", "heap MB", "busiest heap MB", "RSS MB");
            List<String> labels = new ArrayList<>(List.of("idle (1 small LoadTest)"));
            List<Memory> all = new ArrayList<>(List.of(idle));
            for (int i = 0; i < steps.size(); i++) {
                labels.add(((i + 1) * perStep) + " more LoadTests running");
                all.add(steps.get(i));
            }
            labels.add("all deleted");
            all.add(after);
            for (int i = 0; i < all.size(); i++) {
                System.out.printf("%-28s %10.1f %16.1f %10.1f%n", labels.get(i), all.get(i).heapMb(),
                        all.get(i).busiestHeapMb(), all.get(i).rssMb());
            }
            double perLoadTest = (steps.get(1).heapMb() - idle.heapMb()) / (2.0 * perStep);
            double secondStep = (steps.get(1).heapMb() - steps.get(0).heapMb()) / perStep;
            System.out.printf("heap per running LoadTest: %.0f kB (over %d), %.0f kB (the second %d alone);"
                    + " per runner: %.0f kB%n", perLoadTest * 1000, 2 * perStep, secondStep * 1000, perStep,
                    perLoadTest * 1000 / runners);
        }
    }

    /** One runner's /stats body after a minute (MergeBenchmark's shape), with the fields the fake fills in. */
    private static Path statsTemplate(int endpoints) throws IOException {
        StatsSnapshot s = MergeBenchmark.runner(0, endpoints, System.currentTimeMillis() - 60_000);
        StatsSnapshot template = new StatsSnapshot("__RUN__", "__RUNNER__", "fake", "__STATE__", 0, Map.of(),
                System.currentTimeMillis(), s.entries(), s.failures(), s.exceptions());
        Path file = Files.createTempFile("fake-runner-stats", ".json");
        Files.write(file, new ObjectMapper().writeValueAsBytes(template));
        return file;
    }

    private static void create(KubernetesClient client, String name, int runners) {
        LoadTest lt = LoadTestE2E.loadTest(name, runners, runners * 2, "30m", "http://127.0.0.1:9");
        lt.getMetadata().setNamespace(NS);
        client.resources(LoadTest.class).inNamespace(NS).resource(lt).create();
    }

    private static void awaitRunning(KubernetesClient client, List<String> names, int runners, Duration atMost)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            long running = names.stream().map(n -> client.resources(LoadTest.class).inNamespace(NS).withName(n).get())
                    .filter(lt -> lt != null && lt.getStatus() != null && "Running".equals(lt.getStatus().getPhase())
                            && lt.getStatus().getSummary() != null)
                    .count();
            if (running == names.size()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(running + " of " + names.size() + " LoadTests running after " + atMost);
            }
            Thread.sleep(1_000);
        }
    }

    /**
     * Live heap (the total of {@code jcmd GC.class_histogram}, which counts what survives a full stop-the-world GC;
     * {@code GC.heap_info} after {@code GC.run} read garbage too) and the process's resident set.
     */
    record Memory(double heapMb, double busiestHeapMb, double rssMb) {
        private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");

        /**
         * Five samples a second apart: the least is what the operator keeps (a sample may catch a poll's merge in
         * flight, whose working set is not kept); the most shows that working set on top.
         */
        static Memory of(long pid) throws IOException, InterruptedException {
            double least = Double.MAX_VALUE;
            double most = 0;
            for (int i = 0; i < 5; i++) {
                double heap = liveHeapMb(pid);
                least = Math.min(least, heap);
                most = Math.max(most, heap);
                Thread.sleep(1_000);
            }
            long rssKb = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(0L);
            return new Memory(least, most, rssKb / 1000.0);
        }

        static double liveHeapMb(long pid) throws IOException, InterruptedException {
            String histogram = jcmd(pid, "GC.class_histogram");
            Matcher m = TOTAL.matcher(histogram);
            if (!m.find()) {
                throw new IllegalStateException("cannot read jcmd GC.class_histogram of " + pid + ": "
                        + histogram.lines().limit(5).toList());
            }
            return Long.parseLong(m.group(1)) / 1e6;
        }

        static String jcmd(long pid, String command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out;
        }
    }
}
