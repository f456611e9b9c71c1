package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(KubeClusterExtension.class)
class PodDeletionIT {

    @Test
    void deletingAPodStopsItsProcessesAndRemovesIt(KubeCluster cluster, KubernetesClient client) {
        // the shell ignores SIGTERM, so only SIGKILL after the (short) grace period ends it; sleep runs as its child
        Pod pod = new PodBuilder().withNewMetadata().withName("sleeper").endMetadata()
                .withNewSpec().withRestartPolicy("Never").withTerminationGracePeriodSeconds(2L)
                .addNewContainer().withName("main").withImage("test-echo")
                .withArgs("trap '' TERM; sleep 300 & wait; sleep 300")
                .endContainer().endSpec().build();
        client.pods().inNamespace("default").resource(pod).create();

        await("pod sleeper to be Running and Ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Pod p = client.pods().inNamespace("default").withName("sleeper").get();
                    return p != null && "Running".equals(p.getStatus().getPhase())
                            && p.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
                });
        long pid = cluster.kubelet().pid("default", "sleeper", "main").orElseThrow();
        await("the shell to start sleep").atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pid).map(h -> h.descendants().count()).orElse(0L) > 0);
        List<Long> pids = cluster.kubelet().pids();
        assertThat(pids).contains(pid).hasSizeGreaterThan(1);

        long deleted = System.nanoTime();
        client.pods().inNamespace("default").withName("sleeper").delete();

        await("pod sleeper to be removed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.pods().inNamespace("default").withName("sleeper").get() == null);
        assertThat(Duration.ofNanos(System.nanoTime() - deleted)).as("the shell ignores SIGTERM: it lives out its 2 s grace")
                .isGreaterThan(Duration.ofMillis(1500));
        await("its processes to be gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> pids.stream().allMatch(p -> ProcessHandle.of(p).isEmpty()));
        assertThat(cluster.kubelet().pid("default", "sleeper", "main")).isEmpty();
    }
}
