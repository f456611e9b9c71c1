package dev.loadtest.runner.stats;

import dev.loadtest.api.stats.EndpointStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The correction for coordinated omission: raw times plus the iteration's lag, recorded beside the raw rows. */
class CorrectedLatencyTest {

    @AfterEach
    void leaveNoIteration() {
        IntendedStart.end();
    }

    @Test
    void aRequestIsCountedFromItsIterationsIntendedStart() {
        assertThat(IntendedStart.correctedMicros(2_000, 0)).isEqualTo(2_000);
        assertThat(IntendedStart.correctedMicros(2_000, 998_000)).isEqualTo(1_000_000);
        assertThat(IntendedStart.correctedMicros(-5, 10)).isEqualTo(10); // a clock step never makes it negative
        assertThatThrownBy(() -> IntendedStart.correctedMicros(Long.MAX_VALUE, 1)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void outsideAScheduledIterationOnlyRawFiguresAreRecorded() {
        LiveStats stats = new LiveStats("r");
        stats.record("GET", "/a", 1_500, 10, null);
        LiveStats.Collected c = stats.collect();
        assertThat(c.entries()).singleElement().satisfies(e -> assertThat(e.numRequests()).isEqualTo(1));
        assertThat(c.corrected()).isEmpty();
    }

    @Test
    void aLateIterationsRequestsAreRecordedRawAndCorrectedSideBySide() {
        LiveStats stats = new LiveStats("r");
        // an iteration that started 1 s late (the target had stalled), its two requests fast
        IntendedStart.begin(1_000_000_000L);
        stats.record("GET", "/a", 2_000, 10, null);
        stats.record("GET", "/a", 3_000, 10, "HTTP 500");
        IntendedStart.end();
        // an iteration on time
        IntendedStart.begin(0);
        stats.record("GET", "/a", 4_000, 10, null);
        IntendedStart.end();
        LiveStats.Collected c = stats.collect();
        EndpointStats raw = c.entries().getFirst();
        EndpointStats corrected = c.corrected().getFirst();
        assertThat(raw.numRequests()).isEqualTo(3);
        assertThat(corrected.numRequests()).isEqualTo(3);
        assertThat(corrected.numFailures()).isEqualTo(raw.numFailures()).isEqualTo(1);
        assertThat(raw.maxResponseTimeMs()).isEqualTo(4.0);
        assertThat(corrected.maxResponseTimeMs()).isEqualTo(1003.0);
        assertThat(corrected.minResponseTimeMs()).isEqualTo(4.0);
        assertThat(corrected.totalResponseTimeMicros()).isEqualTo(1_002_000 + 1_003_000 + 4_000);
    }

    @Test
    void resettingTheStatisticsResetsTheCorrectedRowsToo() {
        LiveStats stats = new LiveStats("r");
        IntendedStart.begin(5_000_000);
        stats.record("GET", "/a", 2_000, 10, null);
        stats.reset();
        stats.record("GET", "/b", 2_000, 10, null);
        // as for the raw rows, a row seen before the reset stays, empty
        assertThat(stats.collect().corrected()).extracting(e -> e.key().name() + "=" + e.numRequests())
                .containsExactly("/a=0", "/b=1");
    }
}
