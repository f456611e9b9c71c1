package dev.loadtest.operator.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scan of {@code LoadTestE2E}'s secret test must be able to fail, and say where. */
class LeakScanTest {

    @Test
    void aLeakIsNamedBySecretAndPlaceAndCleanPlacesAreNot(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("pod"));
        Files.writeString(dir.resolve("pod/runner.log"), "starting\nAuthorization: Bearer tok-12345678\n");
        Files.writeString(dir.resolve("operator.log"), "all quiet\n");
        LeakScan scan = new LeakScan(Map.of("the run token", "tok-12345678", "the api key", "key-abcdefgh"))
                .text("status", "phase: Succeeded")
                .files(dir);
        assertThat(scan.placesScanned()).hasSize(3);
        assertThat(scan.leaks()).containsExactly("the run token in " + dir.resolve("pod/runner.log"));
    }

    @Test
    void aMissingPlaceOrATooShortSecretIsNoProofOfNoLeak(@TempDir Path dir) {
        assertThatThrownBy(() -> new LeakScan(Map.of("x", "abc"))).hasMessageContaining("too short");
        assertThatThrownBy(() -> new LeakScan(Map.of("x", "abcdefghij")).files(dir.resolve("gone")))
                .hasMessageContaining("does not exist");
    }
}
