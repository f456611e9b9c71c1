package dev.loadtest.runner.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code loadtest run MANIFEST.yaml} without {@code --headless}: the documented local manifest, started at once
 * ({@code --autostart}) against the sample target, has its thresholds judged live at {@code /thresholds}, and
 * the process's exit code is the verdict on the final figures, as with {@code --headless}.
 */
class ManifestWebUiIT {

    private static final Path MANIFEST = Path.of("..", "docs", "examples", "loadtest-shop-local.yaml");

    @Test
    void aManifestRunFromTheWebUiShowsItsThresholdVerdictsAndExitsWithThem() throws Exception {
        try (OurWebUi ui = OurWebUi.start(3, "run", MANIFEST.toString(), "--sample-target", "--autostart")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline
                    && ui.client.getJson("/stats/requests").get("stats").get(0).get("num_requests").asLong() < 20) {
                Thread.sleep(500);
            }
            JsonNode verdicts = ui.client.getJson("/thresholds");
            assertThat(verdicts.get("configured").asInt()).isEqualTo(3);
            assertThat(verdicts.get("thresholds")).hasSize(3);
            assertThat(verdicts.get("thresholds").get(0).get("message").asText()).startsWith("p95 of Aggregated");
            ui.client.get("/stop");
            while (System.nanoTime() < deadline
                    && !ui.client.getJson("/stats/requests").get("state").asText().equals("stopped")) {
                Thread.sleep(200);
            }
            JsonNode last = ui.client.getJson("/thresholds");
            boolean met = last.get("all_met").asBoolean();
            assertThat(ui.stopAndAwaitExit()).as("exit code of the verdict " + last).isEqualTo(met ? 0 : 3);
        }
    }
}
