package dev.loadtest.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.testcluster.KubeCluster;
import dev.loadtest.testcluster.ProjectLayout;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scale of the operator: N LoadTests (default 100) created at once in several namespaces, R runners each (default
 * 3), on the packaged operator against the real API server, with the chart's poll and status-write intervals. Runner
 * pods are {@code bench/fake-runner.py} processes speaking the runner contract, whose cumulative statistics grow over
 * the run; 300 real runner JVMs do not fit on the machine beside the control plane. Prints the operator's peak heap
 * (used, committed, after each GC from its GC log, and the live heap when every run is running), peak RSS, CPU seconds
 * and its API requests per LoadTest per minute (from the API server's audit log, by the operator's user agent); exits
 * non-zero if a run does not succeed with exactly the requests its runners served, or a LoadTest's status writes
 * exceed its lifetime / write interval + the transitions. Run by {@code bench/hundred-loadtests.sh}; not a test.
 */
public final class HundredLoadTestsBench {

    private static final Path ROOT = ProjectLayout.repositoryRoot();
    private static final String IMAGE = "ghcr.io/loadtest/runner";
    private static final String AGENT = "loadtest-operator-bench";
    /** The chart's defaults (charts/loadtest-operator/values.yaml), not the E2Es' faster ones. */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(3);
    private static final Duration WRITE_INTERVAL = Duration.ofSeconds(5);
    /** Phase and condition changes are written at once: Pending, Starting, Running, Stopping, finished, cleaned up. */
    private static final int TRANSITIONS = 8;
    /** Steps of the fake runners' growing statistics; they stop growing at 80% of the run time. */
    private static final int STEPS = 30;
    private static final int REQUESTS_PER_ENDPOINT_STEP = 20;

    public static void main(String[] args) throws Exception {
        int code;
        try {
            code = measure(args);
        } catch (Exception e) {
            e.printStackTrace();
            code = 2;
        }
        System.exit(code); // the cluster's client threads are not daemons
    }

    private static int measure(String[] args) throws Exception {
        int loadTests = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int runners = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int namespaceCount = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int runSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        int endpoints = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        List<String> heapOptions = Arrays.asList(
                System.getenv().getOrDefault("OPERATOR_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC").trim().split("\\s+"));
        List<String> operatorOptions = new ArrayList<>(heapOptions);
        Path logs = ROOT.resolve("operator/target/bench-logs");
        Files.createDirectories(logs);
        Path gcLog = logs.resolve("hundred-operator-gc.log");
        Files.deleteIfExists(gcLog);
        operatorOptions.addAll(List.of("-Xlog:gc:file=" + gcLog,
                "-Dkubernetes.user.agent=" + AGENT,
                "-Dloadtest.poll-interval=" + POLL_INTERVAL.toSeconds() + "s",
                "-Dloadtest.status-write-interval=" + WRITE_INTERVAL.toSeconds() + "s",
                // hundreds of pods starting on a shared machine slow the API server: keep the Lease through it
                "-Dloadtest.lease-duration=90s", "-Dloadtest.lease-renew-deadline=60s",
                "-Dloadtest.start-timeout=30m"));

        Stepped stats = steppedStats(endpoints, runSeconds);
        Path fakeRunner = ROOT.resolve("bench/fake-runner.py");
        int httpPort = dev.loadtest.testcluster.FreePorts.pick(1).getFirst();
        try (KubeCluster cluster = KubeCluster.builder().crds(ROOT.resolve("crds")).auditLog(true)
                .image(IMAGE, (container, pod) -> {
                    List<String> command = new ArrayList<>(List.of("python3", fakeRunner.toString(), stats.file().toString()));
                    command.addAll(container.getArgs());
                    return command;
                }).build().start();
             OperatorProcess operator = new OperatorProcess(ROOT.resolve("operator/target/quarkus-app/quarkus-run.jar"),
                     cluster.kubeconfig(), logs.resolve("hundred-operator.log"), IMAGE + ":bench", httpPort, operatorOptions)) {
            KubernetesClient client = cluster.client();
            List<String> namespaces = new ArrayList<>();
            for (int n = 1; n <= namespaceCount; n++) {
                namespaces.add("team-" + n);
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-" + n).endMetadata()
                        .build()).create();
            }
            // pods are refused until the namespace's default ServiceAccount and (before 1.24) its token exist
            until(Duration.ofMinutes(2), "the namespaces' default ServiceAccounts", () -> namespaces.stream().allMatch(ns -> {
                ServiceAccount sa = client.serviceAccounts().inNamespace(ns).withName("default").get();
                return sa != null && sa.getSecrets() != null && !sa.getSecrets().isEmpty();
            }));
            until(Duration.ofMinutes(2), "the operator to lead",
                    () -> client.leases().inNamespace("default").withName("loadtest-operator-lease").get() != null);
            Thread.sleep(3_000); // its informers have synced
            Memory idle = Memory.live(operator.pid());

            HeapSampler heap = HeapSampler.follow(httpPort);
            double cpuBefore = FiftyLoadTestsE2E.cpuSeconds(operator.pid());
            long auditBefore = lineCount(cluster.auditLog());
            Instant created = Instant.now();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < loadTests; i++) {
                String ns = namespaces.get(i % namespaceCount);
                String name = "lt-" + i;
                LoadTest lt = LoadTestE2E.loadTest(name, runners, runners * 2, runSeconds + "s", "http://127.0.0.1:9");
                lt.getMetadata().setNamespace(ns);
                lt.getSpec().setStopTimeout("5s");
                client.resources(LoadTest.class).inNamespace(ns).resource(lt).create();
                keys.add(ns + "/" + name);
            }

            // one list every 2 s (this client's, not the operator's): how many run at once, and when all have finished
            int mostRunning = 0;
            Instant mostRunningAt = null;
            Long firstRunning = null;
            long nextTimeline = 0;
            List<String> timeline = new ArrayList<>();
            Instant allRunning = null;
            Instant firstFinished = null;
            double busiestLive = 0;
            int busiestAt = 0;
            int liveAt = 0;
            String busiestHistogram = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(runSeconds).plusMinutes(35).toNanos();
            while (true) {
                List<LoadTest> all;
                try {
                    all = client.resources(LoadTest.class).inAnyNamespace().list().getItems();
                } catch (RuntimeException slow) {
                    Thread.sleep(2_000);
                    continue;
                }
                long running = all.stream().filter(lt -> "Running".equals(phase(lt))).count();
                long finished = all.stream().filter(HundredLoadTestsBench::finished).count();
                long sinceCreated = Duration.between(created, Instant.now()).toSeconds();
                if (running > 0 && firstRunning == null) {
                    firstRunning = sinceCreated;
                }
                if (sinceCreated >= nextTimeline) {
                    // where the time goes between create and Running: the pods' start, or the operator
                    timeline.add(timelineLine(client, sinceCreated, all, running, finished));
                    System.out.println("[hundred] " + timeline.getLast());
                    nextTimeline = sinceCreated + 15;
                }
                if (running == loadTests && allRunning == null) {
                    allRunning = Instant.now();
                    timeline.add(timelineLine(client, sinceCreated, all, running, finished) + "  <- all Running");
                }
                // the live heap as more runs are polled and merged: a full GC each time, so only at steps of a tenth
                if (running > mostRunning && (running == loadTests || running >= liveAt + Math.max(1, loadTests / 10))) {
                    String histogram = OperatorMemoryBench.Memory.jcmd(operator.pid(), "GC.class_histogram");
                    Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(histogram);
                    double live = total.find() ? Long.parseLong(total.group(1)) / 1e6 : 0;
                    if (live > busiestLive) {
                        busiestLive = live;
                        busiestAt = (int) running;
                        busiestHistogram = histogram.lines().limit(18).collect(java.util.stream.Collectors.joining("\n"));
                    }
                    liveAt = (int) running;
                }
                if (running > mostRunning) {
                    mostRunning = (int) running;
                    mostRunningAt = Instant.now();
                }
                if (finished > 0 && firstFinished == null) {
                    firstFinished = Instant.now();
                }
                if (finished == loadTests) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(finished + " of " + loadTests + " LoadTests finished in time");
                }
                Thread.sleep(2_000);
            }
            Duration allDone = Duration.between(created, Instant.now());
            Thread.sleep(10_000); // the cleanups after the last verdict
            Instant windowEnd = Instant.now();
            heap.stop();
            double cpu = FiftyLoadTestsE2E.cpuSeconds(operator.pid()) - cpuBefore;
            long rssPeakKb = FiftyLoadTestsE2E.rssPeakKb(operator.pid());

            List<String> wrong = new ArrayList<>();
            Map<String, Integer> statusWrites = new TreeMap<>();
            Map<String, Long> lifetimes = new TreeMap<>();
            double loadTestMinutes = 0;
            long expected = (long) runners * stats.finalRequests();
            for (String key : keys) {
                String[] nsName = key.split("/");
                LoadTest done = client.resources(LoadTest.class).inNamespace(nsName[0]).withName(nsName[1]).get();
                long requests = done.getStatus().getSummary() == null ? -1
                        : done.getStatus().getSummary().getAggregated().getRequests();
                if (!"Succeeded".equals(phase(done)) || requests != expected) {
                    wrong.add(key + ": " + phase(done) + ", " + requests + " requests (" + expected + " served) "
                            + done.getStatus().getConditions());
                }
                Instant start = Instant.parse(done.getMetadata().getCreationTimestamp());
                Instant end = done.getStatus().getCompletionTime() == null ? windowEnd
                        : Instant.parse(done.getStatus().getCompletionTime());
                lifetimes.put(key, Duration.between(start, end).toSeconds() + 4);
                loadTestMinutes += Duration.between(start, end).toMillis() / 60_000.0;
                statusWrites.put(key, 0);
            }

            Audit audit = Audit.read(cluster.auditLog(), auditBefore, statusWrites, allRunning, firstFinished);
            for (var entry : statusWrites.entrySet()) {
                long bound = lifetimes.get(entry.getKey()) / WRITE_INTERVAL.toSeconds() + TRANSITIONS;
                if (entry.getValue() == 0 || entry.getValue() > bound) {
                    wrong.add(entry.getKey() + ": " + entry.getValue() + " status writes over "
                            + lifetimes.get(entry.getKey()) + " s (bound " + bound + ")");
                }
            }
            GcLog gc = GcLog.read(gcLog);

            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            System.out.printf("[hundred] %s; %d cores; load average %s%n", Instant.now(),
                    Runtime.getRuntime().availableProcessors(), load);
            System.out.printf("[hundred] operator JVM %s; %s; poll %d s, status-write interval %d s%n",
                    String.join(" ", heapOptions), gc.collector(),
                    POLL_INTERVAL.toSeconds(), WRITE_INTERVAL.toSeconds());
            System.out.printf("[hundred] %d LoadTests x %d runners (fake-runner.py, %d endpoints) in %d namespaces, run time"
                            + " %d s: %d Succeeded with requests = served (%d each); at most %d Running at once%s;"
                            + " all finished %d s after the first was created%n",
                    loadTests, runners, endpoints, namespaceCount, runSeconds, loadTests - countBad(wrong, keys), expected,
                    mostRunning, allRunning == null ? " (run longer for all at once)" : " (all " + loadTests + " from "
                            + Duration.between(created, allRunning).toSeconds() + " s)", allDone.toSeconds());
            System.out.printf("[hundred] LoadTests Running at the same moment: at most %d of %d (%s s after the first was"
                            + " created; the first Running at %s s, the first finished at %s s)%n", mostRunning, loadTests,
                    mostRunningAt == null ? "-" : Duration.between(created, mostRunningAt).toSeconds(), firstRunning,
                    firstFinished == null ? "-" : Duration.between(created, firstFinished).toSeconds());
            System.out.println("[hundred] timeline (s after create: pods created / Running / Ready; LoadTests Running /"
                    + " finished; load average):\n[hundred]   " + String.join("\n[hundred]   ", timeline));
            System.out.printf("[hundred] operator heap: live %.1f MB idle, at most %.1f MB (with %d Running; sampled at"
                            + " each tenth more Running); peak used %.0f MB (sampled each second, garbage included), peak"
                            + " committed %.0f MB; after GC: peak %.0f MB (%d GCs, %d full); peak RSS %.0f MB%n",
                    idle.heapMb(), busiestLive, busiestAt, heap.usedBytes.get() / 1e6,
                    heap.committedBytes.get() / 1e6, gc.peakAfterMb(), gc.collections(), gc.full(), rssPeakKb / 1e3);
            System.out.println("[hundred] operator's informer caches at most (loadtest_informer_objects): " + heap.cached);
            System.out.printf("[hundred] operator CPU %.1f s (%.2f s per LoadTest)%n", cpu, cpu / loadTests);
            System.out.printf("[hundred] operator API requests %d over %.0f LoadTest-minutes: %.1f per LoadTest,"
                            + " %.1f per LoadTest per minute; without the Lease's %d: %.1f per LoadTest per minute%n",
                    audit.total(), loadTestMinutes, audit.total() / (double) loadTests, audit.total() / loadTestMinutes,
                    audit.lease(), (audit.total() - audit.lease()) / loadTestMinutes);
            if (audit.steadyMinutes() > 0) {
                System.out.printf("[hundred] while all %d ran (%.1f min): %.1f requests per LoadTest per minute, of which"
                                + " %.1f status writes%n", loadTests, audit.steadyMinutes(),
                        audit.steady() / (double) loadTests / audit.steadyMinutes(),
                        audit.steadyStatusWrites() / (double) loadTests / audit.steadyMinutes());
            }
            System.out.printf("[hundred] status writes per LoadTest: max %d, mean %.1f (bound: lifetime / %d s + %d)%n",
                    statusWrites.values().stream().mapToInt(Integer::intValue).max().orElseThrow(),
                    statusWrites.values().stream().mapToInt(Integer::intValue).average().orElseThrow(),
                    WRITE_INTERVAL.toSeconds(), TRANSITIONS);
            System.out.println("[hundred] operator requests by verb and resource: " + audit.byKind());
            System.out.println("[hundred] the live heap at its highest, by class:\n" + busiestHistogram);
            if (!wrong.isEmpty()) {
                System.out.println("[hundred] FAILED: " + wrong.size() + " problems:");
                wrong.stream().limit(20).forEach(w -> System.out.println("[hundred]   " + w));
                return 1;
            }
            return 0;
        }
    }

    /** One line of the timeline: the runner pods (all namespaces) by state, the LoadTests by phase, the load. */
    private static String timelineLine(KubernetesClient client, long seconds, List<LoadTest> all, long running,
                                       long finished) {
        String pods;
        try {
            List<io.fabric8.kubernetes.api.model.Pod> list = client.pods().inAnyNamespace().list().getItems();
            long podsRunning = list.stream().filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                    .count();
            long ready = list.stream().filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                    && "True".equals(c.getStatus()))).count();
            pods = list.size() + " / " + podsRunning + " / " + ready;
        } catch (RuntimeException slow) {
            pods = "? (the API server did not answer)";
        }
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            load = "?";
        }
        return String.format("%4d s: pods %s; LoadTests %d / %d of %d; load %s", seconds, pods, running, finished,
                all.size(), load);
    }

    private static int countBad(List<String> wrong, List<String> keys) {
        return (int) keys.stream().filter(k -> wrong.stream().anyMatch(w -> w.startsWith(k + ": ") && !w.contains("status writes")))
                .count();
    }

    static String phase(LoadTest lt) {
        return lt == null || lt.getStatus() == null ? null : lt.getStatus().getPhase();
    }

    static boolean finished(LoadTest lt) {
        return "Succeeded".equals(phase(lt)) || "Failed".equals(phase(lt));
    }

    private static long lineCount(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    private static void until(Duration atMost, String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the API server is still coming up or busy
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + atMost + " waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    /** The fake runners' cumulative bodies, one per step, and the requests of the last (what each runner served). */
    record Stepped(Path file, long finalRequests) {
    }

    /**
     * {@code STEPS} cumulative /stats bodies of one runner, each with {@code REQUESTS_PER_ENDPOINT_STEP} more requests
     * per endpoint than the last, that stop growing at 80% of the run time: every runner has reached the last when the
     * operator stops the run, so each LoadTest's exact count is known.
     */
    private static Stepped steppedStats(int endpoints, int runSeconds) throws IOException {
        ObjectMapper json = new ObjectMapper();
        SplittableRandom random = new SplittableRandom(14);
        long start = System.currentTimeMillis();
        double stepSeconds = runSeconds * 0.8 / STEPS;
        List<EndpointStats> entries = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            entries.add(new EndpointStats(new EndpointKey(e % 4 == 0 ? "POST" : "GET", "/api/endpoint/" + e)));
        }
        List<String> bodies = new ArrayList<>();
        long requests = 0;
        for (int step = 0; step < STEPS; step++) {
            long at = start + (long) (step * stepSeconds * 1000);
            for (EndpointStats stats : entries) {
                for (int i = 0; i < REQUESTS_PER_ENDPOINT_STEP; i++) {
                    stats.record((long) (1000 * Math.exp(random.nextDouble() * 6)), 512, false, at + random.nextInt(1000));
                }
            }
            requests += (long) endpoints * REQUESTS_PER_ENDPOINT_STEP;
            StatsSnapshot body = new StatsSnapshot("__RUN__", "__RUNNER__", "fake", "__STATE__", 0, Map.of(), at,
                    entries, List.of(), List.of());
            bodies.add(json.writeValueAsString(body));
        }
        Path file = Files.createTempFile("fake-runner-steps", ".json");
        Files.write(file, json.writeValueAsBytes(Map.of("stepSeconds", stepSeconds, "bodies", bodies)));
        return new Stepped(file, requests);
    }

    /** The operator's requests in the audit log, by its user agent, from a line on. */
    record Audit(long total, long lease, long steady, long steadyStatusWrites, double steadyMinutes,
                 Map<String, Integer> byKind) {

        static Audit read(Path log, long fromLine, Map<String, Integer> statusWrites, Instant steadyFrom,
                          Instant steadyTo) throws IOException {
            ObjectMapper json = new ObjectMapper();
            Map<String, Integer> byKind = new TreeMap<>();
            long total = 0;
            long lease = 0;
            long steady = 0;
            long steadyWrites = 0;
            boolean hasSteady = steadyFrom != null && steadyTo != null && steadyTo.isAfter(steadyFrom);
            try (var lines = Files.lines(log)) {
                for (String line : (Iterable<String>) lines.skip(fromLine)::iterator) {
                    JsonNode event = json.readTree(line);
                    if (!event.path("userAgent").asText().startsWith(AGENT)) {
                        continue;
                    }
                    total++;
                    JsonNode ref = event.path("objectRef");
                    String resource = ref.path("resource").asText()
                            + (ref.has("subresource") ? "/" + ref.path("subresource").asText() : "");
                    String verb = event.path("verb").asText();
                    byKind.merge(verb + " " + resource, 1, Integer::sum);
                    if ("leases".equals(resource)) {
                        lease++;
                    }
                    boolean statusWrite = "loadtests/status".equals(resource) && !List.of("get", "list", "watch").contains(verb);
                    String key = ref.path("namespace").asText() + "/" + ref.path("name").asText();
                    if (statusWrite && statusWrites.containsKey(key)) {
                        statusWrites.merge(key, 1, Integer::sum);
                    }
                    if (hasSteady && !"leases".equals(resource)) {
                        Instant at = Instant.parse(event.path("requestReceivedTimestamp").asText());
                        if (!at.isBefore(steadyFrom) && at.isBefore(steadyTo)) {
                            steady++;
                            steadyWrites += statusWrite ? 1 : 0;
                        }
                    }
                }
            }
            double minutes = hasSteady ? Duration.between(steadyFrom, steadyTo).toMillis() / 60_000.0 : 0;
            return new Audit(total, lease, steady, steadyWrites, minutes, byKind);
        }
    }

    /** The operator's GC log ({@code -Xlog:gc}): the collector, and the heap after each collection. */
    record GcLog(String collector, int collections, int full, double peakAfterMb) {
        private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) (Pause \\w+).*? (\\d+)M->(\\d+)M\\((\\d+)M\\)");
        private static final Pattern USING = Pattern.compile("Using (.+)$");

        static GcLog read(Path log) throws IOException {
            String collector = "?";
            int collections = 0;
            int full = 0;
            double peak = 0;
            for (String line : Files.readAllLines(log)) {
                Matcher using = USING.matcher(line);
                if (using.find()) {
                    collector = using.group(1);
                }
                Matcher m = PAUSE.matcher(line);
                if (m.find()) {
                    collections++;
                    full += m.group(1).equals("Pause Full") ? 1 : 0;
                    peak = Math.max(peak, Double.parseDouble(m.group(3)) * 1.048576);
                }
            }
            return new GcLog(collector, collections, full, peak);
        }
    }

    /** The live heap (what survives the full GC {@code jcmd GC.class_histogram} runs), least of three samples. */
    record Memory(double heapMb) {
        static Memory live(long pid) throws IOException, InterruptedException {
            double least = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                least = Math.min(least, OperatorMemoryBench.Memory.liveHeapMb(pid));
                Thread.sleep(1_000);
            }
            return new Memory(least);
        }
    }

    /** Samples the operator's heap used and committed from its own /q/metrics once a second and keeps the highest. */
    static final class HeapSampler {
        private static final Pattern USED = Pattern.compile(
                "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)", Pattern.MULTILINE);
        private static final Pattern COMMITTED = Pattern.compile(
                "^jvm_memory_committed_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)", Pattern.MULTILINE);
        private static final Pattern CACHED = Pattern.compile(
                "^loadtest_informer_objects\\{[^}]*kind=\"(\\w+)\"[^}]*} ([0-9.eE+]+)", Pattern.MULTILINE);
        final Map<String, Long> cached = new java.util.concurrent.ConcurrentSkipListMap<>();
        final AtomicLong usedBytes = new AtomicLong();
        final AtomicLong committedBytes = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        static HeapSampler follow(int port) {
            HeapSampler sampler = new HeapSampler();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build();
            sampler.thread = Thread.ofVirtual().start(() -> {
                while (sampler.running.get()) {
                    try {
                        String body = http.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
                        sampler.usedBytes.accumulateAndGet(sum(USED, body), Math::max);
                        sampler.committedBytes.accumulateAndGet(sum(COMMITTED, body), Math::max);
                        Matcher cached = CACHED.matcher(body);
                        while (cached.find()) {
                            sampler.cached.merge(cached.group(1), (long) Double.parseDouble(cached.group(2)), Math::max);
                        }
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
            return sampler;
        }

        private static long sum(Pattern pattern, String body) {
            Matcher m = pattern.matcher(body);
            long total = 0;
            while (m.find()) {
                total += (long) Double.parseDouble(m.group(1));
            }
            return total;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }
}
