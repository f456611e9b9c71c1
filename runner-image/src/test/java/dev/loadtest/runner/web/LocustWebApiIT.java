package dev.loadtest.runner.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadtest.runner.target.SampleTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our web API against Locust's own: Debian's Locust 2.12 and our runner each serve their web UI for the same
 * user (same tasks and weights, a missing route that fails, a task that throws) against the same real target,
 * and each gets the same calls a script written for Locust's web UI makes. Every key Locust answers with is in
 * our answer with a value of the same JSON type; CSV headers are equal (the failures CSV: Locust's columns
 * first, see docs/web-ui.md); the task ratios are equal.
 */
class LocustWebApiIT {

    private static final String LOCUSTFILE = """
            from locust import HttpUser, task, constant

            class WebUser(HttpUser):
                wait_time = constant(0.1)

                @task(3)
                def products(self):
                    self.client.get("/api/products")

                @task(1)
                def missing(self):
                    self.client.get("/api/no-such-route")

                @task(1)
                def boom(self):
                    raise ValueError("boom")
            """;

    private static final String LOADFILE = """
            import dev.loadtest.*;

            public class WebUser extends HttpUser {
                @Override protected WaitTime waitTime() { return WaitTime.constant(0.1); }

                @Task(3) void products() { client.get("/api/products"); }

                @Task(1) void missing() { client.get("/api/no-such-route"); }

                @Task(1) void boom() { throw new IllegalStateException("boom"); }
            }
            """;

    /** Our UI serves this long after the stop (--autoquit), for the final statistics to be read. */
    private static final int AFTER_STOP_SECONDS = 5;

    /** What each UI answered, call by call. */
    private record Answers(Map<String, HttpResponse<String>> raw, Map<String, JsonNode> json) {
    }

    @Test
    void ourWebApiAnswersEveryCallWithLocustsKeysTypesAndCsvHeaders(@TempDir Path dir) throws Exception {
        Path locustfile = Files.writeString(dir.resolve("webuser.py"), LOCUSTFILE);
        Path loadfile = Files.writeString(dir.resolve("WebUser.java"), LOADFILE);
        Answers locust;
        Answers ours;
        try (SampleTarget target = SampleTarget.start(0, SampleTarget.Config.defaults())) {
            try (LocustWebUi ui = LocustWebUi.start(locustfile, dir.resolve("locust.log"))) {
                locust = callEverything(ui.client, target.baseUrl());
            }
            try (OurWebUi ui = OurWebUi.start(AFTER_STOP_SECONDS, "-f", loadfile.toString())) {
                ours = callEverything(ui.client, target.baseUrl());
                // The users run until the stop, so a request that fails between the reset and the stop (one in flight
                // across the reset, or a busy machine slow to send the stop) is a failure of the final statistics: as in
                // Locust, the exit code follows what is left at the stop, not what was left at the reset. Read once
                // every user has stopped, those statistics are the ones the exit code is decided from.
                JsonNode last = awaitStopped(ui.client);
                int failuresLeft = last.get("errors").size();
                int exceptionsLeft = ui.client.getJson("/exceptions").get("exceptions").size();
                assertThat(ui.stopAndAwaitExit()).as("exit code with %d kinds of failure and %d exceptions left at the stop "
                        + "(the statistics were reset just before it): 1 only if any are left, as in Locust", failuresLeft,
                        exceptionsLeft).isEqualTo(failuresLeft + exceptionsLeft > 0 ? 1 : 0);
            }
        }

        for (String call : locust.json().keySet()) {
            assertSameShape(call, locust.json().get(call), ours.json().get(call));
        }
        assertThat(ours.json().get("POST /swarm")).isEqualTo(locust.json().get("POST /swarm"));
        assertThat(ours.json().get("GET /stop")).isEqualTo(locust.json().get("GET /stop"));
        assertThat(ours.json().get("GET /tasks")).as("same weights, same ratios").isEqualTo(locust.json().get("GET /tasks"));

        for (String csv : Set.of("GET /stats/requests/csv", "GET /exceptions/csv")) {
            assertThat(firstLine(ours.raw().get(csv))).as(csv).isEqualTo(firstLine(locust.raw().get(csv)));
        }
        assertThat(firstLine(ours.raw().get("GET /stats/failures/csv")))
                .as("Locust 2.12's failure columns come first; ours adds First Seen, Last Seen as later Locusts do")
                .startsWith(firstLine(locust.raw().get("GET /stats/failures/csv")));
        for (String call : locust.raw().keySet()) {
            HttpResponse<String> theirs = locust.raw().get(call);
            HttpResponse<String> mine = ours.raw().get(call);
            assertThat(mine.statusCode()).as(call + " status").isEqualTo(theirs.statusCode());
            assertThat(mediaType(mine)).as(call + " content type").isEqualTo(mediaType(theirs));
            assertThat(mine.headers().firstValue("Content-Disposition").isPresent()).as(call + " is a download")
                    .isEqualTo(theirs.headers().firstValue("Content-Disposition").isPresent());
        }
        assertThat(ours.raw().get("GET /stats/reset").body()).isEqualTo(locust.raw().get("GET /stats/reset").body())
                .isEqualTo("ok");
    }

    /** The calls a script makes: start, wait for failures and exceptions, read everything, reset, stop. */
    private static Answers callEverything(WebClient ui, String host) throws Exception {
        Map<String, HttpResponse<String>> raw = new TreeMap<>();
        Map<String, JsonNode> json = new TreeMap<>();
        raw.put("GET /", ui.get("/"));
        HttpResponse<String> swarm = ui.postForm("/swarm", "user_count=2&spawn_rate=2&host=" + host + "&run_time=120s");
        raw.put("POST /swarm", swarm);
        json.put("POST /swarm", WebClient.JSON.readTree(swarm.body()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode stats = ui.getJson("/stats/requests");
        JsonNode exceptions = ui.getJson("/exceptions");
        while (System.nanoTime() < deadline && (stats.get("errors").isEmpty() || exceptions.get("exceptions").isEmpty()
                || stats.get("stats").size() < 3 || stats.get("user_count").asInt() < 2
                || stats.get("total_rps").asDouble() == 0)) {
            Thread.sleep(500);
            stats = ui.getJson("/stats/requests");
            exceptions = ui.getJson("/exceptions");
        }
        json.put("GET /stats/requests", stats);
        json.put("GET /exceptions", exceptions);
        json.put("GET /tasks", ui.getJson("/tasks"));
        for (String path : new String[]{"/stats/requests/csv", "/stats/failures/csv", "/exceptions/csv",
                "/stats/requests_full_history/csv", "/stats/report", "/stats/report?download=1"}) {
            raw.put("GET " + path, ui.get(path));
        }
        raw.put("GET /stats/reset", ui.get("/stats/reset"));
        HttpResponse<String> stop = ui.get("/stop");
        raw.put("GET /stop", stop);
        json.put("GET /stop", WebClient.JSON.readTree(stop.body()));
        return new Answers(raw, json);
    }

    /** The statistics once the run's state is stopped: every user has ended, nothing more is recorded. */
    private static JsonNode awaitStopped(WebClient ui) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(AFTER_STOP_SECONDS - 1).toNanos();
        JsonNode stats = ui.getJson("/stats/requests");
        while (!"stopped".equals(stats.path("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            stats = ui.getJson("/stats/requests");
        }
        assertThat(stats.path("state").asText()).as("state after GET /stop").isEqualTo("stopped");
        return stats;
    }

    /** Every key of Locust's answer is in ours, with the same JSON type, recursively (arrays by their first item). */
    private static void assertSameShape(String where, JsonNode locust, JsonNode ours) {
        assertThat(ours).as(where + " is missing").isNotNull();
        if (locust.isNull()) {
            return;
        }
        assertThat(ours.getNodeType()).as(where + " type").isEqualTo(locust.getNodeType());
        if (locust.isObject()) {
            Set<String> missing = new TreeSet<>();
            for (Iterator<String> names = locust.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!ours.has(name)) {
                    missing.add(name);
                } else {
                    assertSameShape(where + "." + name, locust.get(name), ours.get(name));
                }
            }
            assertThat(missing).as(where + ": keys Locust has and we lack").isEmpty();
        } else if (locust.isArray() && !locust.isEmpty()) {
            assertThat(ours).as(where + " is empty, Locust's is not").isNotEmpty();
            assertSameShape(where + "[0]", locust.get(0), ours.get(0));
        }
    }

    private static String firstLine(HttpResponse<String> r) {
        String body = r.body();
        int end = body.indexOf('\n');
        return (end < 0 ? body : body.substring(0, end)).stripTrailing();
    }

    private static String mediaType(HttpResponse<String> r) {
        return r.headers().firstValue("Content-Type").orElse("").split(";")[0].strip().toLowerCase();
    }
}
