package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(KubeClusterExtension.class)
class PodConfigAndSecretIT {

    @Test
    void podReadsSecretMountedFileAndConfigMapEnvVar(KubernetesClient client) {
        client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
                .addToStringData("password", "s3cr3t").build()).create();
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("greeting", "hello world").build()).create();

        Pod pod = new PodBuilder().withNewMetadata().withName("reader").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewVolume().withName("creds").withNewSecret().withSecretName("creds").endSecret().endVolume()
                .addNewContainer().withName("main").withImage("test-echo")
                .addNewEnv().withName("GREETING").withNewValueFrom().withNewConfigMapKeyRef("greeting", "settings", false)
                .endValueFrom().endEnv()
                .addNewVolumeMount().withName("creds").withMountPath("/etc/creds").withReadOnly(true).endVolumeMount()
                .withTerminationMessagePath("/tmp/result")
                .withArgs("printf 'secret=%s greeting=%s' \"$(cat $POD_ROOT/etc/creds/password)\" \"$GREETING\"",
                        "> $POD_ROOT/tmp/result")
                .endContainer().endSpec().build();
        client.pods().inNamespace("default").resource(pod).create();

        await("pod reader to finish").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> phase(client, "reader"), p -> p.equals("Succeeded") || p.equals("Failed"));
        Pod done = client.pods().inNamespace("default").withName("reader").get();
        ContainerStateTerminated terminated = done.getStatus().getContainerStatuses().getFirst().getState().getTerminated();
        assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(terminated.getExitCode()).isZero();
        assertThat(terminated.getMessage()).isEqualTo("secret=s3cr3t greeting=hello world");
    }

    private static String phase(KubernetesClient client, String name) {
        Pod pod = client.pods().inNamespace("default").withName(name).get();
        return pod == null || pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }
}
