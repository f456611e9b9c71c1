package dev.loadtest.runner.stats;

import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveEndpointTest {

    private final EndpointKey key = new EndpointKey("GET", "/items");

    @Test
    void aDrainBetweenARequestsCountersAndItsLatencyLosesNothing() {
        LiveEndpoint endpoint = new LiveEndpoint(key, null);
        EndpointStats cumulative = new EndpointStats(key);

        endpoint.recordCounters(7_000, 300, null, 1_000);
        endpoint.drainInto(cumulative, 1_001); // the drain the engine runs every second, mid-request
        endpoint.recordLatency(7_000);
        endpoint.record(2_000, 100, null, 1_500);
        endpoint.drainInto(cumulative, 2_000);

        assertThat(cumulative.numRequests()).isEqualTo(2);
        assertThat(cumulative.totalContentLength()).isEqualTo(400);
        assertThat(cumulative.totalResponseTimeMicros()).isEqualTo(9_000);
        assertThat(cumulative.minResponseTimeMs()).isEqualTo(2.0);
        assertThat(cumulative.maxResponseTimeMs()).isEqualTo(7.0);
        assertThat(cumulative.histogram().getTotalCount()).isEqualTo(2);
    }

    @Test
    void countersWaitingForTheirLatencyAreAddedOnceAndOnlyOnce() {
        LiveEndpoint endpoint = new LiveEndpoint(key, null);
        EndpointStats cumulative = new EndpointStats(key);

        endpoint.recordCounters(5_000, 50, null, 1_000);
        endpoint.drainInto(cumulative, 1_001);
        endpoint.drainInto(cumulative, 1_002);
        assertThat(cumulative.numRequests()).isZero();
        assertThat(cumulative.totalContentLength()).isZero();

        endpoint.recordLatency(5_000);
        endpoint.drainInto(cumulative, 2_000);
        endpoint.drainInto(cumulative, 3_000);

        assertThat(cumulative.numRequests()).isEqualTo(1);
        assertThat(cumulative.totalContentLength()).isEqualTo(50);
        assertThat(cumulative.totalResponseTimeMicros()).isEqualTo(5_000);
    }
}
