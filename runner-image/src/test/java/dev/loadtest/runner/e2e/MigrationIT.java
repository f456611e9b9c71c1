package dev.loadtest.runner.e2e;

import dev.loadtest.runner.cli.Main;
import dev.loadtest.runner.target.SampleTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * docs/migrating-from-locust.md's pair: the locustfile run by Debian's Locust and its port run by this runner,
 * each against its own sample shop. The shops count what they served per route; the two mixes of requests must
 * agree (weighted tasks, a TaskSet left by interrupt(), a SequentialTaskSet, a login per user in onStart).
 */
class MigrationIT {

    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "migrating");
    private static final int USERS = 10;
    /** Locust 2.12 in one busy Python process needs the time to send a few thousand requests. */
    private static final String LOCUST_RUN_TIME = "20s";

    @TempDir
    Path dir;

    @Test
    void theLocustfileAndItsPortSendTheSameMixOfRequests() throws Exception {
        Map<String, Long> locust;
        Map<String, Long> ours;
        try (SampleTarget forLocust = SampleTarget.start(0, SampleTarget.Config.defaults());
             SampleTarget forUs = SampleTarget.start(0, SampleTarget.Config.defaults())) {
            Files.copy(EXAMPLE.resolve("locustfile.py"), dir.resolve("locustfile.py"));
            // one after the other: on a small machine the two would take each other's CPU
            try (LocustProcess process = LocustProcess.start(dir, "-f", "locustfile.py", "--headless",
                    "-u", String.valueOf(USERS), "-r", String.valueOf(USERS), "-t", LOCUST_RUN_TIME,
                    "-H", forLocust.baseUrl(), "--only-summary")) {
                // the shop fails 1% of checkouts on purpose: exit 1 is the expected outcome of either
                assertThat(process.awaitExit(Duration.ofSeconds(90))).as(process.output()).isIn(0, 1);
            }
            // a few thousand tasks, however busy the machine: the shares are compared, not the rates
            int ourExit = Main.run("-f", EXAMPLE.resolve("Shopper.java").toString(), "--headless",
                    "-u", String.valueOf(USERS), "-r", String.valueOf(USERS), "-i", "4000", "-t", "40s", "-H", forUs.baseUrl(),
                    "--only-summary");
            assertThat(ourExit).isIn(0, 1);
            locust = new TreeMap<>(forLocust.servedByRoute());
            ours = new TreeMap<>(forUs.servedByRoute());
        }

        System.out.println("MigrationIT served per route: Locust " + locust + ", ours " + ours);
        assertThat(locust.get("POST /api/login")).as("one login per user").isEqualTo(USERS);
        assertThat(ours.get("POST /api/login")).as("one login per user").isEqualTo(USERS);
        Set<String> routes = new TreeSet<>(locust.keySet());
        assertThat(ours.keySet()).isEqualTo(routes).contains("GET /api/products", "GET /api/products/{id}",
                "POST /api/cart", "GET /api/cart", "POST /api/checkout");
        Map<String, Double> locustShares = shares(locust);
        Map<String, Double> ourShares = shares(ours);
        assertThat(total(locust)).as("Locust sent enough requests to compare: " + locust).isGreaterThan(1500);
        // Browse sessions come in clusters of geometric length (mean 3 product pages), so a share moves by a few
        // points between two runs of the same tool; a semantic slip (a task set's weight ignored, a sequence cut
        // short) moves them by 10 points or more
        for (String route : locustShares.keySet()) {
            assertThat(ourShares.get(route)).as(route + ": ours " + ours + " vs Locust's " + locust)
                    .isCloseTo(locustShares.get(route), within(0.08));
        }
        // the SequentialTaskSet runs its three tasks in order, then leaves: each visit adds to the cart, views it
        // and checks out once (a user stopped mid-sequence leaves one short)
        for (Map<String, Long> served : List.of(locust, ours)) {
            assertThat(served.get("POST /api/cart") - served.get("GET /api/cart")).as(served.toString())
                    .isBetween(0L, (long) USERS);
            assertThat(served.get("GET /api/cart") - served.get("POST /api/checkout")).as(served.toString())
                    .isBetween(0L, (long) USERS);
        }
    }

    private static long total(Map<String, Long> served) {
        return served.entrySet().stream().filter(e -> !e.getKey().equals("POST /api/login"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Each route's share of the requests, logins (one per user) left out. */
    private static Map<String, Double> shares(Map<String, Long> served) {
        long total = total(served);
        Map<String, Double> shares = new TreeMap<>();
        served.forEach((route, n) -> {
            if (!route.equals("POST /api/login")) {
                shares.put(route, n / (double) total);
            }
        });
        return shares;
    }
}
