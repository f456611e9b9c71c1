package dev.loadtest.testcluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerEngineTest {

    @Test
    void noEngineAnsweringNamesTheCommandThatStartsOne(@TempDir Path dir) {
        String socket = "unix://" + dir.resolve("docker.sock");
        assertThatThrownBy(() -> DockerEngine.connect(socket))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No Docker engine answers at " + socket)
                .hasMessageContaining(".ci/docker-engine start");
    }
}
