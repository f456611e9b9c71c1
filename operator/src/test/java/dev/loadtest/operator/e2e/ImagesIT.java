package dev.loadtest.operator.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import dev.loadtest.testcluster.BaseImages;
import dev.loadtest.testcluster.DockerEngine;
import dev.loadtest.testcluster.ProjectImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both images built from their production Dockerfiles (runner-image/Dockerfile, operator/Dockerfile) on the
 * locally made base images, as a user builds them, and what a cluster relies on checked on the result.
 */
class ImagesIT {

    static InspectImageResponse runner;
    static InspectImageResponse operator;

    @BeforeAll
    static void build() {
        runner = inspect(ProjectImages.buildRunner());
        operator = inspect(ProjectImages.buildOperator());
    }

    @Test
    void bothCarryTheProjectsOneVersionInTagAndLabel() {
        String version = ProjectImages.version();
        assertThat(runner.getRepoTags()).contains("ghcr.io/loadtest/runner:" + version);
        assertThat(operator.getRepoTags()).contains("ghcr.io/loadtest/loadtest-operator:" + version);
        for (InspectImageResponse image : new InspectImageResponse[]{runner, operator}) {
            assertThat(image.getConfig().getLabels())
                    .containsEntry("org.opencontainers.image.version", version)
                    .containsKeys("org.opencontainers.image.title", "org.opencontainers.image.description");
        }
    }

    @Test
    void bothRunAsANonRootUidWithAnExecFormEntrypoint() {
        assertThat(runner.getConfig().getUser()).isEqualTo("10001:10001");
        assertThat(operator.getConfig().getUser()).isEqualTo("10001:10001");
        // exec form: java is PID 1 and gets SIGTERM itself, no shell in between
        assertThat(runner.getConfig().getEntrypoint()).startsWith("java").contains("-jar", "/opt/loadtest/loadtest-runner.jar");
        assertThat(operator.getConfig().getEntrypoint()).startsWith("java").contains("-jar", "/deployments/quarkus-run.jar");
    }

    @Test
    void theOperatorRunsOnTheJreAndTheRunnerOnTheJdk() {
        // the runner compiles .java loadfiles at start; the operator needs no compiler
        assertThat(operator.getSize()).isLessThan(runner.getSize());
        assertThat(Arrays.asList(operator.getConfig().getEnv())).contains("JAVA_HOME=/opt/java/openjdk", "QUARKUS_HTTP_HOST=0.0.0.0");
        String jreBase = inspect(BaseImages.JRE).getRootFS().getLayers().getLast();
        assertThat(operator.getRootFS().getLayers()).contains(jreBase);
        String jdkBase = inspect(BaseImages.JDK).getRootFS().getLayers().getLast();
        assertThat(runner.getRootFS().getLayers()).contains(jdkBase);
        System.out.printf("image sizes: runner %d MB, operator %d MB%n", runner.getSize() / 1_000_000,
                operator.getSize() / 1_000_000);
    }

    private static InspectImageResponse inspect(String image) {
        return DockerEngine.shared().client().inspectImageCmd(image).exec();
    }

    @Test
    void theRunnerInItsImageSaysTheProjectsVersion() throws Exception {
        DockerClient docker = DockerEngine.shared().client();
        String id = docker.createContainerCmd(ProjectImages.runner()).withCmd("--version")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withReadonlyRootfs(true)
                        .withCapDrop(Capability.ALL))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            int exit = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(60, TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(10, TimeUnit.SECONDS);
            assertThat(exit).isZero();
            assertThat(out.toString().trim()).isEqualTo("loadtest " + ProjectImages.version());
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
