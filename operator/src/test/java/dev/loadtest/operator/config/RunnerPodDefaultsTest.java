package dev.loadtest.operator.config;

import dev.loadtest.api.v1alpha1.RunnerPodSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunnerPodDefaultsTest {

    @Test
    void noFileConfiguredMeansNoDefaults() {
        RunnerPodSpec spec = RunnerPodDefaults.load(Optional.empty());
        assertThat(spec.getImage()).isNull();
        assertThat(spec.getSecurityContext()).isNull();
    }

    @Test
    void aFileOfRunnerPodsShapeIsRead(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("runner-pod-defaults.yaml"), """
                securityContext:
                  runAsNonRoot: true
                  runAsUser: 10001
                  seccompProfile:
                    type: RuntimeDefault
                containerSecurityContext:
                  readOnlyRootFilesystem: true
                  allowPrivilegeEscalation: false
                  capabilities:
                    drop: [ALL]
                resources:
                  requests:
                    cpu: 500m
                volumes:
                  - name: ca
                    configMap:
                      name: corporate-ca
                volumeMounts:
                  - name: ca
                    mountPath: /etc/ssl/corporate
                envFrom:
                  - configMapRef:
                      name: proxy-settings
                """);
        RunnerPodSpec spec = RunnerPodDefaults.load(Optional.of(file));
        assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(spec.getContainerSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(spec.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
        assertThat(spec.getVolumes().getFirst().getConfigMap().getName()).isEqualTo("corporate-ca");
        assertThat(spec.getVolumeMounts().getFirst().getMountPath()).isEqualTo("/etc/ssl/corporate");
        assertThat(spec.getEnvFrom().getFirst().getConfigMapRef().getName()).isEqualTo("proxy-settings");
    }

    @Test
    void anEmptyFileIsNoDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("empty.yaml"), "\n");
        assertThat(RunnerPodDefaults.load(Optional.of(file)).getImage()).isNull();
    }

    @Test
    void aMisspelledFieldIsNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "priorityClass: high\n");
        assertThatThrownBy(() -> RunnerPodDefaults.load(Optional.of(file)))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("unknown field \"priorityClass\"");
    }

    @Test
    void aMissingFileIsNamedWithTheSetting(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> RunnerPodDefaults.load(Optional.of(missing)))
                .hasMessageContaining("loadtest.runner.pod-defaults-file")
                .hasMessageContaining(missing.toString());
    }
}
