package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ContainerEnvironmentTest {
    private final ConfigMap settings = new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
            .addToData("greeting", "hello").addToData("LEVEL", "debug").build();
    private final Secret creds = new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
            .addToData("password", Base64.getEncoder().encodeToString("s3cr3t".getBytes(StandardCharsets.UTF_8))).build();
    private final ObjectSource objects = new ObjectSource() {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return Optional.of(settings).filter(c -> namespace.equals("ns") && name.equals("settings"));
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return Optional.of(creds).filter(s -> namespace.equals("ns") && name.equals("creds"));
        }
    };
    private final Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u-1")
            .addToLabels("app", "demo").endMetadata().withNewSpec().withServiceAccountName("sa").withNodeName("n").endSpec().build();

    @Test
    void resolvesValuesReferencesAndFieldsWithEnvWinningOverEnvFrom() {
        Container container = new ContainerBuilder().withName("c")
                .addNewEnvFrom().withPrefix("CFG_").withNewConfigMapRef("settings", false).endEnvFrom()
                .addNewEnv().withName("CFG_LEVEL").withValue("info").endEnv()
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "creds", false).endValueFrom().endEnv()
                .addNewEnv().withName("GREETING").withNewValueFrom().withNewConfigMapKeyRef("greeting", "settings", false).endValueFrom().endEnv()
                .addNewEnv().withName("NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("NS").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.labels['app']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("URL").withValue("http://$(IP):8089/$(NAME)/$$(NOT)/$(UNKNOWN)").endEnv()
                .build();

        Map<String, String> env = new ContainerEnvironment(objects).resolve(pod, container, "127.0.0.7", Map.of("POD_ROOT", "/r"));

        assertThat(env).contains(entry("POD_ROOT", "/r"), entry("CFG_greeting", "hello"), entry("CFG_LEVEL", "info"),
                entry("PASSWORD", "s3cr3t"), entry("GREETING", "hello"), entry("NAME", "p"), entry("NS", "ns"),
                entry("IP", "127.0.0.7"), entry("APP", "demo"),
                entry("URL", "http://127.0.0.7:8089/p/$(NOT)/$(UNKNOWN)"));
    }

    @Test
    void missingReferenceFailsUnlessOptional() {
        Container missing = new ContainerBuilder().withName("c")
                .addNewEnv().withName("X").withNewValueFrom().withNewConfigMapKeyRef("nope", "settings", false).endValueFrom().endEnv().build();
        assertThatThrownBy(() -> new ContainerEnvironment(objects).resolve(pod, missing, "127.0.0.2", Map.of()))
                .isInstanceOf(PodConfigException.class).hasMessageContaining("key \"nope\" of configmap \"settings\"");

        Container optional = new ContainerBuilder().withName("c")
                .addNewEnv().withName("X").withNewValueFrom().withNewSecretKeyRef("k", "absent", true).endValueFrom().endEnv()
                .addNewEnvFrom().withNewSecretRef("absent", true).endEnvFrom().build();
        assertThat(new ContainerEnvironment(objects).resolve(pod, optional, "127.0.0.2", Map.of())).doesNotContainKey("X");
    }

    @Test
    void expandsOnlyKnownReferences() {
        assertThat(ContainerEnvironment.expand("$(A)-$(B)-$$(A)-$-$(", Map.of("A", "1"))).isEqualTo("1-$(B)-$(A)-$-$(");
    }
}
