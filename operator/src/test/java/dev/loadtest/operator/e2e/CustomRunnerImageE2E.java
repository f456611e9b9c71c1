package dev.loadtest.operator.e2e;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.api.v1alpha1.RunnerPodSpec;
import dev.loadtest.testcluster.DockerEngine;
import dev.loadtest.testcluster.ImageCommand;
import dev.loadtest.testcluster.KubeClusterExtension;
import dev.loadtest.testcluster.ProjectImages;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.loadtest.operator.e2e.LoadTestE2E.OPERATOR_JAR;
import static dev.loadtest.operator.e2e.LoadTestE2E.ROOT;
import static dev.loadtest.operator.e2e.LoadTestE2E.RUNNER_JAR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTAINER MODE: a custom runner image built for real from docs/examples/jar/Dockerfile (FROM the runner image,
 * the compiled ApiKeyUser and its users.csv copied in), run by the Docker engine under the runner pods' restricted
 * settings, with {@code spec.loadfile.path} naming the jar inside it. The run must count what the target served,
 * and the target must have seen every API key of the CSV that sits in the image beside the jar.
 *
 * <p>The image's tag is this JVM's own ({@link #TAG}): other worktrees build on the same Docker engine at the same
 * time, and it is removed afterwards.
 */
class CustomRunnerImageE2E {

    static final String REPOSITORY = "local/loadtest-custom-runner-e2e";
    static final String TAG = REPOSITORY + ":" + ProcessHandle.current().pid();
    /** This run's runner image, pinned under a tag of its own: another worktree may rebuild the shared tag meanwhile. */
    static final String BASE_TAG = "base-" + ProcessHandle.current().pid();

    @RegisterExtension
    static KubeClusterExtension cluster = KubeClusterExtension.builder()
            .crds(ROOT.resolve("crds"))
            .image(ProjectImages.RUNNER_REPOSITORY, ImageCommand.docker())
            .image(REPOSITORY, ImageCommand.docker())
            .build();

    static CountingTarget target;
    static OperatorProcess operator;
    static boolean built;
    static boolean pinned;

    @BeforeAll
    static void start() throws IOException {
        String runner = ProjectImages.buildRunner();
        String id = DockerEngine.shared().client().inspectImageCmd(runner).exec().getId();
        DockerEngine.shared().client().tagImageCmd(id, REPOSITORY, BASE_TAG).exec();
        pinned = true;
        target = new CountingTarget();
        operator = new OperatorProcess(OPERATOR_JAR, cluster.kubeconfig(),
                ROOT.resolve("operator/target/e2e-logs/operator-custom-image.log"), null);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (operator != null) {
            operator.close();
        }
        if (target != null) {
            target.close();
        }
        if (built) {
            DockerEngine.shared().client().removeImageCmd(TAG).withForce(true).exec();
        }
        if (pinned) {
            DockerEngine.shared().client().removeImageCmd(REPOSITORY + ":" + BASE_TAG).withForce(true).exec();
        }
    }

    @Test
    void aRunnerImageBuiltFromTheDockerfileExampleRunsItsJar(@TempDir Path context) throws Exception {
        // the build context as the Dockerfile's comment makes it: the jar and the CSV beside the Dockerfile
        Files.write(context.resolve("loadtest.jar"), LoadfileJar.compile(LoadfileJarE2E.EXAMPLE.resolve("ApiKeyUser.java"),
                RUNNER_JAR, Files.createDirectories(context.resolveSibling(context.getFileName() + "-classes"))));
        Files.copy(LoadfileJarE2E.EXAMPLE.resolve("users.csv"), context.resolve("users.csv"));
        Files.copy(LoadfileJarE2E.EXAMPLE.resolve("Dockerfile"), context.resolve("Dockerfile"));
        long t0 = System.nanoTime();
        DockerEngine.shared().client().buildImageCmd(context.toFile())
                .withBuildArg("RUNNER_IMAGE", REPOSITORY + ":" + BASE_TAG)
                .withTags(Set.of(TAG)).withPull(false)
                .exec(new BuildImageResultCallback()).awaitImageId(5, TimeUnit.MINUTES);
        built = true;
        System.out.printf("[custom-image] docker build of %s: %d ms%n", TAG, (System.nanoTime() - t0) / 1_000_000);

        KubernetesClient client = cluster.client();
        LoadTest lt = LoadfileJarE2E.fromExample(target.baseUrl());
        lt.getMetadata().setName("custom-image");
        LoadfileSource path = new LoadfileSource();
        path.setPath("/loadtest/app/loadtest.jar");
        lt.getSpec().setLoadfile(path);
        RunnerPodSpec pod = new RunnerPodSpec();
        pod.setImage(TAG);
        pod.setImagePullPolicy("Never");
        lt.getSpec().setRunnerPod(pod);
        lt.getSpec().setRunTime("8s");
        client.resource(lt).create();

        LoadTest done = LoadTestE2E.awaitFinished(client, "custom-image", Duration.ofMinutes(3));
        assertThat(done.getStatus().getPhase()).as(String.valueOf(done.getStatus().getConditions())).isEqualTo("Succeeded");
        assertThat(done.getStatus().getSummary().getAggregated().getRequests()).isPositive().isEqualTo(target.served());
        assertThat(target.apiKeysSeen()).as("every user of the users.csv inside the image")
                .containsExactlyInAnyOrderElementsOf(LoadfileJarE2E.apiKeys());
    }
}
