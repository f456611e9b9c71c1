package dev.loadtest.operator.e2e;

import dev.loadtest.api.v1alpha1.EndpointSummary;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.RunSummary;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.loadtest.operator.e2e.LoadTestE2E.NS;
import static dev.loadtest.operator.e2e.LoadTestE2E.awaitFinished;
import static dev.loadtest.operator.e2e.LoadTestE2E.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of the API server's side of a run, with the packaged operator and real runners: the API server restarted
 * mid-run (etcd kept), and another client writing the LoadTest's status and spec during the run with resourceVersion
 * conflicts. Each run must still end with exactly what the target served.
 */
class ApiServerFaultsE2E {

    @RegisterExtension
    @Order(1)
    static KubeClusterExtension cluster = RestartableOperator.runnerProcessCluster().build();

    @RegisterExtension
    @Order(2)
    static RestartableOperator<CountingTarget> operator = RestartableOperator.on(cluster).log("api-faults-operator").build();

    static Resource<LoadTest> lt(String name) {
        return cluster.client().resources(LoadTest.class).inNamespace(NS).withName(name);
    }

    /** Creates a LoadTest of 2 runners and 4 users, waits until it runs and has figures; returns its run id. */
    static String startAndAwaitFigures(String name, String runTime) {
        cluster.client().resource(LoadTestE2E.loadTest(name, 2, 4, runTime, operator.target().baseUrl())).create();
        Resource<LoadTest> lt = lt(name);
        await().atMost(Duration.ofMinutes(2)).until(() -> "Running".equals(phase(lt.get()))
                && lt.get().getStatus().getSummary() != null);
        return lt.get().getStatus().getRunId();
    }

    @Test
    void anApiServerRestartedMidRunLosesNoRequests() throws Exception {
        String runId = startAndAwaitFigures("apiserver-restart", "30s");
        long servedBefore = operator.target().served();

        cluster.cluster().restartApiServer(Duration.ofSeconds(2));
        System.out.println("[e2e] kube-apiserver restarted mid-run; served meanwhile: "
                + (operator.target().served() - servedBefore) + "; operator alive: " + operator.process().isAlive());
        assertThat(operator.target().served()).as("the runners kept sending load without the API server").isGreaterThan(servedBefore);
        if (!operator.process().isAlive()) {
            // an operator that could not renew its Lease exits (LeaderElection); its Deployment starts it again
            System.out.println("[e2e] the operator exited on its lost Lease; starting it again as its Deployment would");
            operator.start();
        }

        LoadTest done = awaitFinished(cluster.client(), "apiserver-restart", Duration.ofMinutes(2));
        assertThat(done.getStatus().getRunId()).as("the same run, not a new one").isEqualTo(runId);
        assertThat(done.getStatus().getPhase()).as(String.valueOf(done.getStatus().getConditions())).isEqualTo("Succeeded");
        assertThat(done.getStatus().getSummary().getAggregated().getRequests()).as("requests in status = served")
                .isPositive().isEqualTo(operator.target().served());
    }

    @Test
    void conflictingStatusAndSpecWritesDuringARunEndInTheRightStatus() throws Exception {
        String runId = startAndAwaitFigures("contended", "25s");
        Resource<LoadTest> lt = lt("contended");

        // another client: PUTs of status with the resourceVersion it read (409 when the operator wrote in between),
        // wrong figures in them, and label and live spec edits that move the resourceVersion under the operator
        AtomicBoolean interfere = new AtomicBoolean(true);
        AtomicInteger statusWrites = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        Thread other = Thread.ofVirtual().start(() -> {
            int i = 0;
            while (interfere.get()) {
                i++;
                try {
                    LoadTest read = lt.get();
                    if (read.getStatus() != null && read.getStatus().getSummary() != null) {
                        read.getStatus().setUsers(999);
                        RunSummary summary = read.getStatus().getSummary();
                        EndpointSummary wrong = summary.getAggregated();
                        wrong.setRequests(1L);
                        wrong.setFailures(1000L);
                        cluster.client().resource(read).updateStatus();
                        statusWrites.incrementAndGet();
                    }
                    int n = i;
                    lt.edit(l -> {
                        var labels = l.getMetadata().getLabels() == null ? new HashMap<String, String>()
                                : new HashMap<>(l.getMetadata().getLabels());
                        labels.put("touched", String.valueOf(n));
                        l.getMetadata().setLabels(labels);
                        if (n % 5 == 0) {
                            l.getSpec().setUsers(l.getSpec().getUsers() == 4 ? 6 : 4); // live: no new run
                        }
                        return l;
                    });
                    Thread.sleep(150);
                } catch (KubernetesClientException e) {
                    if (e.getCode() == 409) {
                        conflicts.incrementAndGet();
                    } else {
                        throw e;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Thread.sleep(10_000);
        interfere.set(false);
        other.join(10_000);
        System.out.println("[e2e] the other client wrote status " + statusWrites.get() + " times; "
                + conflicts.get() + " of its writes hit a resourceVersion conflict");
        assertThat(statusWrites.get()).as("the other client's status writes got through").isPositive();
        lt.edit(l -> {
            l.getSpec().setUsers(4);
            return l;
        });

        LoadTest done = awaitFinished(cluster.client(), "contended", Duration.ofMinutes(2));
        assertThat(done.getStatus().getRunId()).as("live edits and labels start no new run").isEqualTo(runId);
        assertThat(done.getStatus().getPhase()).as(String.valueOf(done.getStatus().getConditions())).isEqualTo("Succeeded");
        EndpointSummary total = done.getStatus().getSummary().getAggregated();
        assertThat(total.getRequests()).as("the operator recomputed the figures the other client overwrote")
                .isPositive().isEqualTo(operator.target().served());
        assertThat(total.getFailures()).isZero();
        assertThat(done.getStatus().getUsers()).isNotEqualTo(999);
    }
}
