package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which user a container-mode container runs as, and when runAsNonRoot refuses it (as the kubelet decides). */
class ContainerUserTest {

    private static Pod pod(Long uid, Long gid, Boolean nonRoot) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
                .withSecurityContext(new PodSecurityContextBuilder().withRunAsUser(uid).withRunAsGroup(gid)
                        .withRunAsNonRoot(nonRoot).build())
                .endSpec().build();
    }

    private static final Container PLAIN = new ContainerBuilder().withName("main").build();

    @Test
    void theImagesUserUnlessThePodOrContainerSaysOtherwise() {
        assertThat(DockerContainers.user(pod(null, null, null), PLAIN, "10001:10001")).isNull();
        assertThat(DockerContainers.user(pod(20002L, null, null), PLAIN, "10001")).isEqualTo("20002");
        assertThat(DockerContainers.user(pod(20002L, 30003L, null), PLAIN, "")).isEqualTo("20002:30003");
        Container own = new ContainerBuilder().withName("main")
                .withSecurityContext(new SecurityContextBuilder().withRunAsUser(40004L).build()).build();
        assertThat(DockerContainers.user(pod(20002L, 30003L, null), own, "")).as("the container's over the pod's")
                .isEqualTo("40004:30003");
        assertThat(DockerContainers.user(pod(null, 30003L, null), PLAIN, "10001:10001")).isEqualTo("10001:30003");
    }

    @Test
    void runAsNonRootRefusesRootAndUnverifiableUsers() {
        assertThatThrownBy(() -> DockerContainers.user(pod(null, null, true), PLAIN, ""))
                .hasMessageContaining("runAsNonRoot and image will run as root");
        assertThatThrownBy(() -> DockerContainers.user(pod(0L, null, true), PLAIN, "10001"))
                .hasMessageContaining("runAsNonRoot and image will run as root");
        assertThatThrownBy(() -> DockerContainers.user(pod(null, null, true), PLAIN, "loadtest"))
                .hasMessageContaining("non-numeric user (loadtest)");
        assertThat(DockerContainers.user(pod(null, null, true), PLAIN, "10001:10001")).isNull();
        assertThat(DockerContainers.user(pod(10001L, null, true), PLAIN, "loadtest")).isEqualTo("10001");
    }
}
