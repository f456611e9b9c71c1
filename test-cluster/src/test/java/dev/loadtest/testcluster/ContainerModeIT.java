package dev.loadtest.testcluster;

import com.github.dockerjava.api.model.Container;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Container mode: pods whose image is mapped to {@link ImageCommand#docker()} run as real containers of the
 * local Docker engine, and the settings a hardened pod relies on are really applied (seen from inside).
 * Image: the locally made eclipse-temurin:25-jdk (Debian with a shell and Java).
 */
class ContainerModeIT {

    static final String IMAGE = BaseImages.JDK;

    @RegisterExtension
    static KubeClusterExtension cluster = KubeClusterExtension.builder()
            .image("eclipse-temurin", ImageCommand.docker())
            .build();

    @BeforeAll
    static void baseImages() {
        BaseImages.ensureAll();
    }

    @Test
    void aHardenedPodRunsAsItsUserWithAReadOnlyRootNoCapabilitiesAndItsMounts(KubernetesClient client) {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("greeting").withNamespace("default").endMetadata()
                .withData(Map.of("text", "hello from a configmap")).build()).create();
        client.resource(new SecretBuilder().withNewMetadata().withName("token").withNamespace("default").endMetadata()
                .withStringData(Map.of("value", "s3cret")).build()).create();
        String script = String.join("; ",
                "exec > /dev/termination-log 2>&1",
                "echo uid=$(id -u) gid=$(id -g)",
                "touch /root-write 2>/dev/null && echo root=writable || echo root=read-only",
                "touch /scratch/f && echo scratch=writable",
                "echo config=$(cat /config/text)",
                "touch /config/x 2>/dev/null && echo config=writable || echo config=read-only",
                "echo env=$GREETING secret=$TOKEN pod=$MY_POD ip=$MY_IP",
                "grep -E '^(NoNewPrivs|CapEff):' /proc/self/status | tr -s '\\t' ' '",
                "exit 3");
        Pod pod = new PodBuilder().withNewMetadata().withName("hardened").withNamespace("default").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(10001L).withRunAsGroup(10001L).endSecurityContext()
                .addNewContainer().withName("main").withImage(IMAGE)
                .withCommand("/bin/sh", "-c").withArgs(script)
                .addNewEnv().withName("GREETING").withValue("hi").endEnv()
                .addNewEnv().withName("TOKEN").withNewValueFrom().withNewSecretKeyRef().withName("token").withKey("value")
                .endSecretKeyRef().endValueFrom().endEnv()
                .addNewEnv().withName("MY_POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("MY_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .withNewSecurityContext().withReadOnlyRootFilesystem(true).withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
                .addNewVolumeMount().withName("config").withMountPath("/config").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("config").withNewConfigMap().withName("greeting").endConfigMap().endVolume()
                .endSpec().build();
        client.resource(pod).create();

        ContainerStateTerminated done = awaitTerminated(client, "hardened");
        String podIp = client.pods().inNamespace("default").withName("hardened").get().getStatus().getPodIP();
        assertThat(done.getExitCode()).isEqualTo(3);
        assertThat(done.getMessage())
                .contains("uid=10001 gid=10001")
                .contains("root=read-only")
                .contains("scratch=writable")
                .contains("config=hello from a configmap")
                .contains("config=read-only")
                .contains("env=hi secret=s3cret pod=hardened ip=" + podIp)
                .contains("NoNewPrivs: 1")
                .contains("CapEff: 0000000000000000");
        assertThat(done.getContainerID()).startsWith("docker://");
        assertThat(client.pods().inNamespace("default").withName("hardened").get().getStatus().getPhase()).isEqualTo("Failed");
    }

    @Test
    void theJvmSeesTheMemoryAndCpuLimits(KubernetesClient client) {
        Pod pod = new PodBuilder().withNewMetadata().withName("limits").withNamespace("default").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage(IMAGE)
                .withCommand("/bin/sh", "-c").withArgs("java -XshowSettings:system -version 2> /dev/termination-log")
                .withNewResources().addToLimits("memory", new Quantity("300Mi")).addToLimits("cpu", new Quantity("1"))
                .endResources()
                .endContainer().endSpec().build();
        client.resource(pod).create();
        ContainerStateTerminated done = awaitTerminated(client, "limits");
        assertThat(done.getExitCode()).isZero();
        assertThat(done.getMessage()).contains("Memory Limit: 300.00M").contains("Effective CPU Count: 1");
    }

    @Test
    void runAsNonRootRefusesAnImageThatRunsAsRoot(KubernetesClient client) {
        Pod pod = new PodBuilder().withNewMetadata().withName("rooted").withNamespace("default").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage(IMAGE).withCommand("true")
                .withNewSecurityContext().withRunAsNonRoot(true).endSecurityContext()
                .endContainer().endSpec().build();
        client.resource(pod).create();
        await("the kubelet to refuse it").atMost(Duration.ofSeconds(30)).until(() -> {
            ContainerStatus s = status(client, "rooted");
            return s != null && s.getState().getWaiting() != null
                    && "CreateContainerConfigError".equals(s.getState().getWaiting().getReason());
        });
        assertThat(status(client, "rooted").getState().getWaiting().getMessage())
                .contains("runAsNonRoot and image will run as root");
    }

    @Test
    void deletionSendsSigtermAndRemovesTheContainer(KubernetesClient client) {
        Pod pod = new PodBuilder().withNewMetadata().withName("graceful").withNamespace("default").endMetadata()
                .withNewSpec().withRestartPolicy("Never").withTerminationGracePeriodSeconds(20L)
                .addNewContainer().withName("main").withImage(IMAGE)
                .withCommand("/bin/sh", "-c").withArgs("trap 'exit 0' TERM; while true; do sleep 0.1; done")
                .endContainer().endSpec().build();
        client.resource(pod).create();
        await("running").atMost(Duration.ofSeconds(30)).until(() -> {
            ContainerStatus s = status(client, "graceful");
            return s != null && s.getState().getRunning() != null;
        });
        assertThat(ours()).hasSize(1);
        long deleted = System.nanoTime();
        client.pods().inNamespace("default").withName("graceful").delete();
        await("removed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.pods().inNamespace("default").withName("graceful").get() == null);
        assertThat(Duration.ofNanos(System.nanoTime() - deleted)).as("it ended on SIGTERM, not at the end of its grace")
                .isLessThan(Duration.ofSeconds(10));
        await("its container removed").atMost(Duration.ofSeconds(10)).until(() -> ours().isEmpty());
    }

    private static List<Container> ours() {
        return DockerEngine.shared().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerContainers.LABEL + ".pod", "default/graceful")).exec();
    }

    private static ContainerStatus status(KubernetesClient client, String name) {
        Pod p = client.pods().inNamespace("default").withName(name).get();
        return p == null || p.getStatus().getContainerStatuses() == null || p.getStatus().getContainerStatuses().isEmpty()
                ? null : p.getStatus().getContainerStatuses().getFirst();
    }

    private static ContainerStateTerminated awaitTerminated(KubernetesClient client, String name) {
        await(name + " to end").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            ContainerStatus s = status(client, name);
            return s != null && s.getState().getTerminated() != null;
        });
        return status(client, name).getState().getTerminated();
    }
}
