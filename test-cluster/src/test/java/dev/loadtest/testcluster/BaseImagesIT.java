package dev.loadtest.testcluster;

import com.github.dockerjava.api.command.InspectImageResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The base images exist under their production names after one call, and a second call reuses them. */
class BaseImagesIT {

    @BeforeAll
    static void makeThem() {
        BaseImages.ensureAll();
    }

    @Test
    void engineSpeaksApi141OrNewer() {
        String[] version = DockerEngine.shared().apiVersion().split("\\.");
        assertThat(Integer.parseInt(version[0]) * 1000 + Integer.parseInt(version[1])).isGreaterThanOrEqualTo(1041);
    }

    @Test
    void secondCallReusesTheImages() {
        String jdkId = image(BaseImages.JDK).getId();
        long start = System.nanoTime();
        BaseImages.ensureAll();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        assertThat(image(BaseImages.JDK).getId()).isEqualTo(jdkId);
    }

    @Test
    void jdkAndJreBasesHaveJavaWhereTemurinPutsIt() {
        assertThat(image(BaseImages.JDK).getConfig().getEnv()).contains("JAVA_HOME=/opt/java/openjdk");
        assertThat(image(BaseImages.JRE).getConfig().getEnv()).contains("JAVA_HOME=/opt/java/openjdk");
        // the JRE is smaller: no compiler, no tools
        assertThat(image(BaseImages.JRE).getSize()).isLessThan(image(BaseImages.JDK).getSize());
    }

    private static InspectImageResponse image(String name) {
        return DockerEngine.shared().client().inspectImageCmd(name).exec();
    }
}
