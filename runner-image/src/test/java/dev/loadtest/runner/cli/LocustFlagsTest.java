package dev.loadtest.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Locust's flags, config file and LOCUST_ variables on real short runs against a local server: what each does,
 * and the precedence file < environment < command line. Iteration limits make request counts exact.
 */
class LocustFlagsTest {

    static HttpServer server;
    static final AtomicInteger SERVED = new AtomicInteger();

    @TempDir
    static Path dir;
    static Path loadfile;

    @BeforeAll
    static void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            SERVED.incrementAndGet();
            ex.sendResponseHeaders(200, 2);
            ex.getResponseBody().write("ok".getBytes());
            ex.close();
        });
        server.start();
        loadfile = Files.writeString(dir.resolve("Quick.java"), """
                import dev.loadtest.*;
                public class Quick extends HttpUser {
                    @Override protected WaitTime waitTime() { return WaitTime.constant(0.02); }
                    @Task void hit() { client.get("/ok"); }
                }
                """);
        Path two = Files.createDirectories(dir.resolve("two"));
        Files.copy(loadfile, two.resolve("Quick.java"));
        Files.writeString(two.resolve("Other.java"), """
                import dev.loadtest.*;
                public class Other extends User {
                    @Task void idle() { }
                }
                """);
    }

    @AfterAll
    static void tearDown() {
        server.stop(0);
    }

    @BeforeEach
    void resetCount() {
        SERVED.set(0);
    }

    private static String host() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static LocustConfig.Sources sources(Path workingDirectory, Map<String, String> environment) {
        return new LocustConfig.Sources(environment, workingDirectory.resolve("home"), workingDirectory);
    }

    @Test
    void iterationsStopTheTestAfterThatManyTasksInAll() throws Exception {
        String prefix = dir.resolve("iter").toString();
        assertThat(Main.run("-f", loadfile.toString(), "-H", host(), "-u", "3", "-r", "3", "-i", "25", "-t", "20s",
                "--csv", prefix)).isZero();
        assertThat(SERVED.get()).isEqualTo(25);
        assertThat(aggregatedRequests(prefix)).isEqualTo(25);
    }

    @Test
    void theConfigFileTheEnvironmentAndTheCommandLineOverrideEachOtherInLocustsOrder() throws Exception {
        Path work = Files.createDirectories(dir.resolve("precedence"));
        Files.copy(loadfile, work.resolve("Quick.java"));
        Files.writeString(work.resolve("locust.conf"), """
                # Locust's keys: long flag names without the dashes
                locustfile = Quick.java
                host = %s
                users = 2
                spawn-rate: 2
                iterations = 5
                headless = true
                csv = %s
                """.formatted(host(), work.resolve("run")));
        assertThat(Main.run(sources(work, Map.of()))).isZero();
        assertThat(aggregatedRequests(work.resolve("run").toString())).isEqualTo(5);

        assertThat(Main.run(sources(work, Map.of("LOCUST_ITERATIONS", "7")))).isZero();
        assertThat(aggregatedRequests(work.resolve("run").toString())).isEqualTo(7);

        assertThat(Main.run(sources(work, Map.of("LOCUST_ITERATIONS", "7")), "-i", "3")).isZero();
        assertThat(aggregatedRequests(work.resolve("run").toString())).isEqualTo(3);

        // the loadfile too, under either of its names
        Files.writeString(work.resolve("Other.java"), """
                import dev.loadtest.*;
                public class Other extends HttpUser {
                    @Task void hit() { client.get("/other"); }
                }
                """);
        assertThat(Main.run(sources(work, Map.of("LOCUST_LOADFILE", "Other.java")))).isZero();
        assertThat(Files.readString(work.resolve("run_stats.csv"))).contains("GET,/other,5,");
    }

    @Test
    void customOptionsAndListsWorkInTheConfigFileAndTheEnvironment() throws Exception {
        Path work = Files.createDirectories(dir.resolve("custom"));
        Files.writeString(work.resolve("Tagged.java"), """
                import dev.loadtest.*;
                @CustomOption(name = "request-path", defaultValue = "/default")
                public class Tagged extends HttpUser {
                    @Task @Tag("a") void a() { client.get(options().get("request-path") + "-a"); }
                    @Task @Tag("b") void b() { client.get(options().get("request-path") + "-b"); }
                    @Task @Tag("c") void c() { client.get(options().get("request-path") + "-c"); }
                }
                """);
        Files.writeString(work.resolve("locust.conf"), """
                locustfile = Tagged.java
                tags = [a, b]
                request-path = /from-file
                iterations = 30
                """);
        String prefix = work.resolve("run").toString();
        assertThat(Main.run(sources(work, Map.of("LOCUST_HOST", host(), "LOCUST_REQUEST_PATH", "/from-env")),
                "--csv", prefix)).isZero();
        List<String> names = Files.readAllLines(Path.of(prefix + "_stats.csv")).stream().skip(1)
                .map(l -> l.split(",")[1]).toList();
        assertThat(names).containsExactly("/from-env-a", "/from-env-b", "Aggregated");
    }

    @Test
    void configIsReadFromTheFileNamedByConfigInsteadOfTheDefaults() throws Exception {
        Path work = Files.createDirectories(dir.resolve("named"));
        Files.writeString(work.resolve("locust.conf"), "iterations = 9\n");
        Path other = Files.writeString(work.resolve("ci.conf"), "iterations = 4\nhost = " + host() + "\n");
        String prefix = work.resolve("run").toString();
        assertThat(Main.run(sources(work, Map.of()), "--config", other.toString(), "-f", loadfile.toString(),
                "--csv", prefix)).isZero();
        assertThat(aggregatedRequests(prefix)).isEqualTo(4);
    }

    @Test
    void anUnknownKeyInTheConfigFileExitsTwoNamingTheFileAndLine() throws Exception {
        Path work = Files.createDirectories(dir.resolve("unknown"));
        Files.writeString(work.resolve("locust.conf"), "users = 2\nuserz = 3\n");
        String err = stderrOf(() -> Main.run(sources(work, Map.of()), "-f", loadfile.toString(), "-H", host()));
        assertThat(err).contains("unknown setting 'userz'").contains(work.resolve("locust.conf") + ":2");
        assertThat(lastExit).isEqualTo(2);
    }

    @Test
    void anUnknownLocustVariableInTheEnvironmentIsIgnored() throws Exception {
        Path work = Files.createDirectories(dir.resolve("env"));
        String prefix = work.resolve("run").toString();
        assertThat(Main.run(sources(work, Map.of("LOCUST_SOMETHING_ELSE", "x", "LOCUST_HOST", host())),
                "-f", loadfile.toString(), "-i", "2", "--csv", prefix)).isZero();
        assertThat(aggregatedRequests(prefix)).isEqualTo(2);
    }

    @Test
    void locustFlagsWeDoNotSupportExitTwoSayingWhichAndWhy() throws Exception {
        String err = stderrOf(() -> Main.run("-f", loadfile.toString(), "--master", "--expect-workers", "2"));
        assertThat(lastExit).isEqualTo(2);
        assertThat(err).contains("--master is a Locust flag this runner does not support")
                .contains("operator").contains("docs/locust-flags.md");
        for (String flag : UnsupportedLocustFlags.all().keySet()) {
            assertThat(stderrOf(() -> Main.run("-f", loadfile.toString(), flag))).as(flag)
                    .contains(flag + " is a Locust flag this runner does not support");
            assertThat(lastExit).as(flag).isEqualTo(2);
        }
        Path work = Files.createDirectories(dir.resolve("unsupported"));
        assertThat(stderrOf(() -> Main.run(sources(work, Map.of("LOCUST_MODE_WORKER", "true")),
                "-f", loadfile.toString()))).contains("--worker is a Locust flag").contains("LOCUST_MODE_WORKER");
        assertThat(lastExit).isEqualTo(2);
        assertThat(Main.run("-f", loadfile.toString(), "--no-such-flag")).isEqualTo(2);
    }

    @Test
    void listPrintsTheUserClassesAndExits() throws Exception {
        String out = stdoutOf(() -> Main.run("-f", dir.resolve("two").toString(), "-l"));
        assertThat(lastExit).isZero();
        assertThat(out).isEqualTo("Available Users:\n    Other\n    Quick\n");
        assertThat(SERVED.get()).isZero();
    }

    @Test
    void jsonPrintsTheFinalStatisticsAsJsonAloneOnStdout() throws Exception {
        String out = stdoutOf(() -> Main.run("-f", loadfile.toString(), "-H", host(), "-i", "6", "--json"));
        assertThat(lastExit).isZero();
        JsonNode entries = new ObjectMapper().readTree(out);
        assertThat(entries.isArray()).isTrue();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.get("name").asText()).isEqualTo("/ok");
            assertThat(e.get("method").asText()).isEqualTo("GET");
            assertThat(e.get("num_requests").asLong()).isEqualTo(6);
            assertThat(e.get("num_failures").asLong()).isZero();
            long timed = 0;
            for (JsonNode n : (Iterable<JsonNode>) () -> e.get("response_times").elements()) {
                timed += n.asLong();
            }
            assertThat(timed).isEqualTo(6);
        });
    }

    @Test
    void jsonWithTheSampleTargetStillPrintsNothingButJson() throws Exception {
        String out = stdoutOf(() -> Main.run("-f", loadfile.toString(), "--sample-target", "-i", "3", "--json"));
        assertThat(new ObjectMapper().readTree(out).isArray()).as(out).isTrue();
    }

    @Test
    void onlySummaryPrintsTheTableOnceAtTheEnd() throws Exception {
        String tables = stdoutOf(() -> Main.run("-f", loadfile.toString(), "-H", host(), "-t", "3s"));
        String summary = stdoutOf(() -> Main.run("-f", loadfile.toString(), "-H", host(), "-t", "3s",
                "--only-summary"));
        // the summary has two tables with a "# reqs" column (statistics, percentiles); the live table one
        assertThat(count(tables, "# reqs")).isGreaterThanOrEqualTo(3);
        assertThat(count(summary, "# reqs")).isEqualTo(2);
        assertThat(summary).contains("Response time percentiles");
    }

    @Test
    void resetStatsDropsWhatWasCountedWhileUsersWereSpawning() throws Exception {
        String prefix = dir.resolve("reset").toString();
        // one user at once, the second a second later: the first user's first second is not counted
        assertThat(Main.run("-f", loadfile.toString(), "-H", host(), "-u", "2", "-r", "1", "-t", "3s", "--reset-stats",
                "--csv", prefix)).isZero();
        long counted = aggregatedRequests(prefix);
        assertThat(counted).isPositive().isLessThan(SERVED.get() - 10L);

        SERVED.set(0);
        assertThat(Main.run("-f", loadfile.toString(), "-H", host(), "-u", "2", "-r", "1", "-t", "3s",
                "--csv", prefix)).isZero();
        assertThat(aggregatedRequests(prefix)).isEqualTo(SERVED.get());
    }

    @Test
    void theFlagsTheDocSaysWeTakeAreOursAndThoseItSaysWeDoNotAreRefusedWithAReason() throws IOException {
        var spec = new picocli.CommandLine(new Main()).getCommandSpec();
        int yes = 0;
        int no = 0;
        for (String row : Files.readAllLines(Path.of("..", "docs", "locust-flags.md"))) {
            String[] cells = row.split("\\|");
            if (cells.length < 3 || !cells[1].strip().startsWith("`-")) {
                continue;
            }
            String answer = cells[2].strip();
            for (String flag : cells[1].strip().replace("`", "").split(",\\s*")) {
                if (answer.equals("yes")) {
                    assertThat(spec.findOption(flag)).as(flag + " is marked yes").isNotNull();
                    yes++;
                } else if (answer.equals("no")) {
                    assertThat(UnsupportedLocustFlags.check(flag)).as(flag + " is marked no").isPresent();
                    no++;
                }
            }
        }
        assertThat(yes).isGreaterThan(20);
        assertThat(no).isEqualTo(UnsupportedLocustFlags.all().size() - 1); // --hatch-rate is older than 2.12
    }

    // ---- helpers ----

    private static long aggregatedRequests(String prefix) throws IOException {
        List<String> stats = Files.readAllLines(Path.of(prefix + "_stats.csv"));
        String aggregated = stats.getLast();
        assertThat(aggregated).startsWith(",Aggregated,");
        return Long.parseLong(aggregated.split(",")[2]);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private int lastExit;

    private String stderrOf(Callable<Integer> run) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            lastExit = run.call();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private String stdoutOf(Callable<Integer> run) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            lastExit = run.call();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
