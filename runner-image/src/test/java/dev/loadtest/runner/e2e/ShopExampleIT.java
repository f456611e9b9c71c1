package dev.loadtest.runner.e2e;

import dev.loadtest.runner.cli.Main;
import dev.loadtest.runner.target.SampleTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented example, run as a user would run it, against the bundled target: the engine's counts
 * must equal what the target itself served, per endpoint and in total.
 */
class ShopExampleIT {

    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "shop", "ShopUser.java");

    @Test
    void engineCountsEqualWhatTheTargetServed(@TempDir Path dir) throws Exception {
        try (SampleTarget target = SampleTarget.start(0, SampleTarget.Config.defaults())) {
            String prefix = dir.resolve("shop").toString();
            // a stop timeout lets in-flight requests finish, so that every request the target served is counted
            int code = Main.run("-f", EXAMPLE.toString(), "-H", target.baseUrl(), "-u", "30", "-r", "15", "-t", "6s",
                    "-s", "5s", "--headless", "--csv", prefix, "--html", dir.resolve("report.html").toString());
            assertThat(code).as("exit code: 0, or 1 if the target's 1%% checkout errors occurred").isIn(0, 1);

            Map<String, long[]> rows = readStats(Path.of(prefix + "_stats.csv"));
            long served = target.served();
            assertThat(served).isGreaterThan(100);
            assertThat(rows.get(",Aggregated")[0]).isEqualTo(served);
            assertThat(rows.get("GET,/api/products")[0]).isEqualTo(target.servedByRoute().get("GET /api/products"));
            assertThat(rows.get("POST,/api/login")[0]).isEqualTo(30);
            long checkoutFailures = rows.getOrDefault("POST,/api/checkout", new long[2])[1];
            assertThat(checkoutFailures).isEqualTo(target.servedWithStatus(503));
            assertThat(Files.readString(dir.resolve("report.html"))).contains("/api/products").contains("<svg");
        }
    }

    /** Type,Name → {Request Count, Failure Count} from Locust's stats CSV. */
    private static Map<String, long[]> readStats(Path csv) throws Exception {
        Map<String, long[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            rows.put(cells[0] + "," + cells[1], new long[]{Long.parseLong(cells[2]), Long.parseLong(cells[3])});
        }
        return rows;
    }
}
