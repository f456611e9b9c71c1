package dev.loadtest.operator.e2e;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.api.v1alpha1.OpenModelSummary;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The open model on a cluster: spec.arrivalRate split over two runner pods (process mode), merged in status. */
class OpenModelE2E {

    static final String NS = "default";
    static final String LOADFILE = """
            import dev.loadtest.HttpUser;
            import dev.loadtest.Task;
            import dev.loadtest.WaitTime;

            public class Ping extends HttpUser {
                @Override
                protected WaitTime waitTime() {
                    return WaitTime.constant(30); // the open model paces the load, not this
                }

                @Task
                void ping() {
                    client.get("/ping");
                }
            }
            """;

    @RegisterExtension
    @Order(1)
    static KubeClusterExtension cluster = RestartableOperator.runnerProcessCluster().build();

    @RegisterExtension
    @Order(2)
    static RestartableOperator<CountingTarget> operator = RestartableOperator.on(cluster).log("operator-open-model").build();

    @Test
    void anArrivalRateIsSplitOverTwoRunnersAndStatusShowsIterationsDropsAndCorrectedTimes() {
        KubernetesClient client = cluster.client();
        LoadTest lt = new LoadTest();
        lt.getMetadata().setName("open");
        lt.getMetadata().setNamespace(NS);
        LoadTestSpec spec = new LoadTestSpec();
        spec.setRunners(2);
        spec.setUsers(20);            // the ceiling: 10 per runner
        spec.setArrivalRate(40.0);    // 20 a second on each runner
        spec.setRunTime("12s");
        spec.setStopTimeout("10s");
        spec.setHost(operator.target().baseUrl());
        LoadfileSource loadfile = new LoadfileSource();
        loadfile.setInline(Map.of("Ping.java", LOADFILE));
        spec.setLoadfile(loadfile);
        lt.setSpec(spec);
        client.resource(lt).create();

        Resource<LoadTest> resource = client.resources(LoadTest.class).inNamespace(NS).withName("open");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> resource.get() != null && resource.get().getStatus() != null
                        && ("Succeeded".equals(resource.get().getStatus().getPhase())
                        || "Failed".equals(resource.get().getStatus().getPhase())));
        LoadTest done = resource.get();
        assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(done.getStatus().getRunners().getExpected()).isEqualTo(2);
        OpenModelSummary open = done.getStatus().getSummary().getOpenModel();
        System.out.println("[e2e] open model: " + open.getIterations() + " iterations, " + open.getDroppedIterations()
                + " dropped, asked " + open.getArrivalRate() + "/s; corrected p99 "
                + open.getCorrectedAggregated().getP99Ms() + " ms, raw p99 "
                + done.getStatus().getSummary().getAggregated().getP99Ms() + " ms");
        // the two runners' shares add up to the rate asked, and their figures merge into one
        assertThat(open.getArrivalRate()).isEqualTo(40.0);
        long requests = done.getStatus().getSummary().getAggregated().getRequests();
        assertThat(open.getIterations()).isEqualTo(requests).isEqualTo(operator.target().served());
        assertThat(open.getCorrectedAggregated().getRequests()).isEqualTo(requests);
        assertThat(open.getCorrectedAggregated().getP99Ms())
                .isGreaterThanOrEqualTo(done.getStatus().getSummary().getAggregated().getP99Ms());
        // every iteration the schedules asked for started or was counted as dropped, on one runner or the other: each
        // runner's schedule runs from its /start, which it took before the run's startTime, to the stop 12 s after it
        // (a second allowed for a runner's own start after accepting), never longer than the run
        double seconds = Duration.between(Instant.parse(done.getStatus().getStartTime()),
                Instant.parse(done.getStatus().getStopTime())).toMillis() / 1000.0;
        assertThat(open.getIterations() + open.getDroppedIterations()).as("ran for %s s", seconds)
                .isBetween((long) (40 * 11), (long) (40 * Math.max(13, seconds + 1)));
    }
}
