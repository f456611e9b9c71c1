package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(KubeClusterExtension.class)
class JobOfEchoPodsIT {

    @Test
    void jobOfThreeEchoPodsCompletesWithSucceededPods(KubeCluster cluster, KubernetesClient client) throws Exception {
        assertStartedWithinBudget(cluster.startupTime());
        Job job = new JobBuilder().withNewMetadata().withName("echo").endMetadata()
                .withNewSpec().withCompletions(3).withParallelism(3).withBackoffLimit(0)
                .withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("echo").withImage("test-echo:latest")
                .withArgs("echo hello from $POD_NAME at $POD_IP;",
                        "printf 'done %s' \"$POD_NAME\" > \"$POD_ROOT/dev/termination-log\"")
                .endContainer().endSpec().endTemplate().endSpec().build();
        client.batch().v1().jobs().inNamespace("default").resource(job).create();

        await("job echo to complete 3 pods").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Job current = client.batch().v1().jobs().inNamespace("default").withName("echo").get();
                    return current.getStatus() != null && Integer.valueOf(3).equals(current.getStatus().getSucceeded());
                });
        Job done = client.batch().v1().jobs().inNamespace("default").withName("echo").get();
        assertThat(done.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Complete") && c.getStatus().equals("True"));
        assertThat(done.getStatus().getFailed()).isNull();

        List<Pod> pods = client.pods().inNamespace("default").withLabel("job-name", "echo").list().getItems();
        assertThat(pods).hasSize(3);
        assertThat(pods).extracting(p -> p.getStatus().getPodIP()).doesNotHaveDuplicates()
                .allMatch(ip -> ip.startsWith("127.") && !ip.equals("127.0.0.1"));
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            assertThat(pod.getSpec().getNodeName()).isEqualTo(ProcessKubelet.NODE_NAME);
            assertThat(pod.getStatus().getPhase()).as("phase of %s", name).isEqualTo("Succeeded");
            assertThat(pod.getStatus().getContainerStatuses()).hasSize(1);
            ContainerStateTerminated terminated = pod.getStatus().getContainerStatuses().getFirst().getState().getTerminated();
            assertThat(terminated).as("terminated state of %s", name).isNotNull();
            assertThat(terminated.getExitCode()).isZero();
            assertThat(terminated.getReason()).isEqualTo("Completed");
            assertThat(terminated.getMessage()).isEqualTo("done " + name);
            assertThat(terminated.getStartedAt()).isNotNull();
            assertThat(terminated.getFinishedAt()).isNotNull();

            Path podDir = cluster.kubelet().podDir("default", name).orElseThrow();
            assertThat(Files.readString(podDir.resolve("echo.log")))
                    .isEqualTo("hello from " + name + " at " + pod.getStatus().getPodIP() + "\n");
        }
    }

    /**
     * The budget is 20 s (5-7 s measured on an idle 2-core machine). Other builds share the machine;
     * past 2.5 runnable tasks per core the time says more about them than about us, so it is only reported.
     */
    private static void assertStartedWithinBudget(Duration startup) {
        double loadPerCore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                / Runtime.getRuntime().availableProcessors();
        if (loadPerCore < 2.5) {
            assertThat(startup).as("cluster start-up time (load %.1f per core)", loadPerCore).isLessThan(Duration.ofSeconds(20));
        } else {
            System.out.printf("start-up took %d ms under load %.1f per core: not held to the 20 s budget%n",
                    startup.toMillis(), loadPerCore);
        }
    }
}
