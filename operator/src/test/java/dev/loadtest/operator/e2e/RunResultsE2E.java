package dev.loadtest.operator.e2e;

import dev.loadtest.api.results.ResultsConfigMaps;
import dev.loadtest.api.v1alpha1.CleanupPolicy;
import dev.loadtest.api.v1alpha1.EndpointSummary;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.RunSummary;
import dev.loadtest.operator.results.RunResults;
import dev.loadtest.testcluster.ImageCommand;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.loadtest.operator.e2e.LoadTestE2E.NS;
import static dev.loadtest.operator.e2e.LoadTestE2E.OPERATOR_JAR;
import static dev.loadtest.operator.e2e.LoadTestE2E.ROOT;
import static dev.loadtest.operator.e2e.LoadTestE2E.RUNNER_IMAGE;
import static dev.loadtest.operator.e2e.LoadTestE2E.RUNNER_JAR;
import static dev.loadtest.operator.e2e.LoadTestE2E.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Results that outlive the pods (issue 13), with the packaged operator, the real API server and real runner
 * processes: a finished run's results are kept in a ConfigMap, found again after its runner pods are gone and the
 * operator restarted, and {@code loadtest report} (the runner jar, with a kubeconfig, as a user runs it) writes
 * Locust's CSVs equal to the merged figures in status, with Locust's own columns; {@code loadtest compare} prints the
 * deltas of two runs; results leave with status.history and with the LoadTest.
 */
class RunResultsE2E {

    static final Path OUT = ROOT.resolve("operator/target/run-results-e2e");

    @RegisterExtension
    static KubeClusterExtension cluster = KubeClusterExtension.builder()
            .crds(ROOT.resolve("crds"))
            .image(RUNNER_IMAGE, ImageCommand.javaJar(RUNNER_JAR))
            .build();

    static CountingTarget target;
    static OperatorProcess operator;
    static int operatorStarts;

    @BeforeAll
    static void start() throws IOException {
        assertThat(RUNNER_JAR).as("build the runner first: mvn -B -pl runner-image -am package").exists();
        assertThat(OPERATOR_JAR).as("the operator jar is built by package, before failsafe runs").exists();
        Files.createDirectories(OUT);
        target = new CountingTarget();
        operator = startOperator();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (operator != null) {
            operator.close();
        }
        if (target != null) {
            target.close();
        }
    }

    static OperatorProcess startOperator() throws IOException {
        operatorStarts++;
        // history of one earlier run, so that a third run pushes the first out (and its results with it)
        return new OperatorProcess(OPERATOR_JAR, cluster.kubeconfig(),
                ROOT.resolve("operator/target/e2e-logs/results-operator-" + operatorStarts + ".log"),
                RUNNER_IMAGE + ":e2e", 0, List.of("-Dloadtest.history-limit=1"));
    }

    record Cli(int exit, String out) {
    }

    /** The runner's CLI as a user runs it: its own process, the cluster's kubeconfig in KUBECONFIG. */
    static Cli loadtest(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", RUNNER_JAR.toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(OUT.toFile());
        builder.environment().put("KUBECONFIG", cluster.kubeconfig().toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println("[e2e] loadtest " + String.join(" ", args) + " -> " + p.exitValue() + "\n" + out);
        return new Cli(p.exitValue(), out);
    }

    static List<ConfigMap> results(String runId) {
        return cluster.client().configMaps().inNamespace(NS).withLabelSelector(ResultsConfigMaps.selector(runId))
                .list().getItems();
    }

    static Resource<LoadTest> lt(String name) {
        return cluster.client().resources(LoadTest.class).inNamespace(NS).withName(name);
    }

    static LoadTest rerun(String name, int users, String token) {
        String before = lt(name).get().getStatus().getRunId();
        lt(name).edit(l -> {
            l.getMetadata().setAnnotations(Map.of("loadtest.dev/rerun", token));
            l.getSpec().setUsers(users);
            return l;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> !before.equals(lt(name).get().getStatus().getRunId()));
        return awaitFinished(cluster.client(), name, Duration.ofMinutes(2));
    }

    @Test
    void aRunsReportOutlivesItsPodsAndAnOperatorRestartAndComparesWithTheNextRun() throws Exception {
        LoadTest spec = LoadTestE2E.loadTest("kept", 2, 4, "6s", target.baseUrl());
        CleanupPolicy cleanup = new CleanupPolicy();
        cleanup.setRunnersTtlSecondsAfterSuccess(0); // the runner pods go as soon as the run has passed
        cleanup.setRunnersTtlSecondsAfterFailure(0);
        spec.getSpec().setCleanup(cleanup);
        cluster.client().resource(spec).create();
        LoadTest first = awaitFinished(cluster.client(), "kept", Duration.ofMinutes(2));
        String runA = first.getStatus().getRunId();
        RunSummary summaryA = first.getStatus().getSummary();
        assertThat(summaryA.getAggregated().getRequests()).isPositive();

        // the runners are gone, then the operator (killed, not stopped) comes back
        await().atMost(Duration.ofMinutes(1)).until(() -> cluster.client().pods().inNamespace(NS)
                .withLabel("loadtest.dev/run-id", runA).list().getItems().isEmpty());
        List<ConfigMap> kept = results(runA);
        assertThat(kept).hasSize(1);
        String written = kept.getFirst().getMetadata().getResourceVersion();
        System.out.println("[e2e] results of " + runA + ": " + kept.getFirst().getBinaryData().get(
                ResultsConfigMaps.DATA_KEY).length() * 3 / 4 + " bytes");
        operator.kill();
        operator = startOperator();

        Cli report = loadtest("report", NS + "/kept", runA, "--csv", "kept", "--html", "kept.html");
        assertThat(report.exit()).isZero();
        List<String[]> rows = csv(OUT.resolve("kept_stats.csv"));
        String[] aggregated = rows.getLast();
        assertThat(aggregated[1]).isEqualTo("Aggregated");
        assertEqualsStatus(aggregated, summaryA.getAggregated());
        for (EndpointSummary e : summaryA.getEndpoints()) {
            String[] row = rows.stream().filter(r -> r[0].equals(e.getMethod()) && r[1].equals(e.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError("no row for " + e.getMethod() + " " + e.getName()));
            assertEqualsStatus(row, e);
        }
        assertThat(rows).hasSize(summaryA.getEndpointCount() + 2); // header and Aggregated
        assertThat(Files.readString(OUT.resolve("kept_stats_history.csv")).lines().count()).isGreaterThan(2);
        assertThat(Files.readString(OUT.resolve("kept.html"))).contains("Test Report for ShopUser.java")
                .contains(target.baseUrl()).contains("<svg");
        assertSameColumnsAsLocust("kept");
        // what the operator's own views read is the same
        LoadTest finished = lt("kept").get();
        assertThat(new RunResults(cluster.client()).read(finished, runA)).hasValueSatisfying(run -> {
            assertThat(run.statsCsv()).isEqualTo(read(OUT.resolve("kept_stats.csv")));
            assertThat(run.thresholds()).isEmpty();
            assertThat(run.phase()).isEqualTo("Succeeded");
            assertThat(run.complete()).isTrue();
        });
        assertThat(new RunResults(cluster.client()).read(finished, "r-nosuchrun")).isEmpty();

        // a second run with more users, compared with the first
        LoadTest second = rerun("kept", 8, "second");
        String runB = second.getStatus().getRunId();
        // the restarted operator, which ran the second run, left the first run's results as they were
        assertThat(results(runA)).singleElement().satisfies(m ->
                assertThat(m.getMetadata().getResourceVersion()).as("written once").isEqualTo(written));
        Cli compare = loadtest("compare", NS + "/kept/" + runA, NS + "/kept:" + runB);
        assertThat(compare.exit()).isZero();
        long a = summaryA.getAggregated().getRequests();
        long b = second.getStatus().getSummary().getAggregated().getRequests();
        String change = String.format(java.util.Locale.ROOT, "%+.1f%%", (b - a) * 100.0 / a);
        assertThat(compare.out()).containsPattern("Aggregated\\s+requests\\s+" + a + "\\s+" + b + "\\s+"
                + (b >= a ? "\\+" : "-") + Math.abs(b - a) + "\\s+" + java.util.regex.Pattern.quote(change));
        assertThat(compare.out()).contains("A: " + NS + "/kept/" + runA).contains("B: " + NS + "/kept/" + runB);

        // clear errors naming the fix
        Cli noSuchLoadTest = loadtest("report", NS + "/nope");
        assertThat(noSuchLoadTest.exit()).isEqualTo(1);
        assertThat(noSuchLoadTest.out()).contains("there is no LoadTest nope in namespace " + NS)
                .contains("kubectl get loadtests -n " + NS);
        Cli noSuchRun = loadtest("report", NS + "/kept", "r-nosuchrun");
        assertThat(noSuchRun.exit()).isEqualTo(1);
        assertThat(noSuchRun.out()).contains("has no run r-nosuchrun (its runs: " + runB + ", " + runA + ")");

        // a third run pushes the first out of status.history (limit 1): its results expire with it
        LoadTest third = rerun("kept", 4, "third");
        String runC = third.getStatus().getRunId();
        assertThat(third.getStatus().getHistory()).extracting(r -> r.getRunId()).containsExactly(runB);
        assertThat(results(runA)).as("expired with the run's history record").isEmpty();
        assertThat(results(runB)).hasSize(1);
        Cli expired = loadtest("report", NS + "/kept", runA);
        assertThat(expired.exit()).isEqualTo(1);
        assertThat(expired.out()).contains("has no run " + runA).contains("expired");

        // and with the LoadTest, by garbage collection of what it owns
        lt("kept").delete();
        await().atMost(Duration.ofMinutes(1)).until(() -> results(runB).isEmpty() && results(runC).isEmpty());
    }

    static void assertEqualsStatus(String[] row, EndpointSummary status) {
        String what = row[0] + " " + row[1];
        assertThat(Long.parseLong(row[2])).as(what + " requests").isEqualTo(status.getRequests());
        assertThat(Long.parseLong(row[3])).as(what + " failures").isEqualTo(status.getFailures());
        assertThat(Double.parseDouble(row[4])).as(what + " median").isEqualTo(status.getP50Ms());
        assertThat(Double.parseDouble(row[5])).as(what + " average").isEqualTo(status.getAvgMs());
        assertThat(Double.parseDouble(row[7])).as(what + " max").isEqualTo(status.getMaxMs());
        assertThat(Double.parseDouble(row[9])).as(what + " rps").isCloseTo(status.getRps(),
                org.assertj.core.data.Offset.offset(0.005));
        assertThat(Double.parseDouble(row[16])).as(what + " p95").isEqualTo(status.getP95Ms());
        assertThat(Double.parseDouble(row[18])).as(what + " p99").isEqualTo(status.getP99Ms());
    }

    /** The header of each of the four files is the one Debian's Locust 2.12 writes (run here for reference). */
    static void assertSameColumnsAsLocust(String prefix) throws Exception {
        Path locustfile = OUT.resolve("reference_locustfile.py");
        Files.writeString(locustfile, """
                from locust import HttpUser, task, constant

                class Reference(HttpUser):
                    wait_time = constant(0.1)

                    @task
                    def home(self):
                        self.client.get("/")
                """);
        Process locust = new ProcessBuilder("/usr/bin/locust", "-f", locustfile.toString(), "--headless", "-u", "1",
                "-r", "1", "-t", "3s", "-H", target.baseUrl(), "--csv", "locust", "--only-summary")
                .directory(OUT.toFile()).redirectErrorStream(true)
                .redirectOutput(OUT.resolve("locust.log").toFile()).start();
        assertThat(locust.waitFor(60, TimeUnit.SECONDS)).as("Locust finishes (see " + OUT.resolve("locust.log") + ")")
                .isTrue();
        for (String file : List.of("_stats.csv", "_stats_history.csv", "_failures.csv", "_exceptions.csv")) {
            String ours = Files.readString(OUT.resolve(prefix + file)).lines().findFirst().orElseThrow();
            String theirs = Files.readString(OUT.resolve("locust" + file)).lines().findFirst().orElseThrow();
            assertThat(ours).as(file).isEqualTo(theirs);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** RFC 4180 records of a CSV file without quoted commas (the shop's names have none), header first. */
    static List<String[]> csv(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isEmpty()).map(l -> l.split(",", -1)).toList();
    }
}
