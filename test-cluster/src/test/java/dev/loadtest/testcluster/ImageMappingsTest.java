package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImageMappingsTest {
    private final PodContext context = new PodContext(null, Path.of("/p"), Path.of("/p/root"), "127.0.0.2", Map.of());

    @Test
    void longestMatchingPrefixWins() {
        ImageCommand runner = (c, p) -> List.of("runner");
        ImageCommand debug = (c, p) -> List.of("debug");
        ImageMappings images = new ImageMappings().put("ghcr.io/loadtest/runner", runner).put("ghcr.io/loadtest/runner:debug", debug);

        assertThat(images.find("ghcr.io/loadtest/runner:0.1.0")).contains(runner);
        assertThat(images.find("ghcr.io/loadtest/runner:debug")).contains(debug);
        assertThat(images.find("nginx")).isEmpty();
        assertThat(images.find(null)).isEmpty();
    }

    @Test
    void testEchoRunsArgsThroughTheShellOrTheCommandAsGiven() {
        Container argsOnly = new ContainerBuilder().withName("c").withArgs("echo", "$POD_NAME").build();
        assertThat(ImageCommand.testEcho().command(argsOnly, context)).containsExactly("/bin/sh", "-c", "echo $POD_NAME");

        Container withCommand = new ContainerBuilder().withName("c").withCommand("sh", "-c").withArgs("exit 3").build();
        assertThat(ImageCommand.testEcho().command(withCommand, context)).containsExactly("sh", "-c", "exit 3");
    }

    @Test
    void javaImagesPassOnlyTheArgsAfterTheMainClassOrJar() {
        Container container = new ContainerBuilder().withName("c").withCommand("/app/entrypoint").withArgs("--workers", "2").build();

        List<String> main = ImageCommand.javaMain("dev.Main", Path.of("/a.jar"), Path.of("/b")).command(container, context);
        assertThat(main.getFirst()).endsWith("/bin/java");
        assertThat(main.subList(1, main.size())).containsExactly("-cp", "/a.jar:/b", "dev.Main", "--workers", "2");

        List<String> jar = ImageCommand.javaJar(Path.of("/x/runner.jar")).command(container, context);
        assertThat(jar.subList(1, jar.size())).containsExactly("-jar", "/x/runner.jar", "--workers", "2");
    }
}
