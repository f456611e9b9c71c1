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
import java.util.List;
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
        Run run = runRunner(List.of(), "--version");
        assertThat(run.exit()).isZero();
        assertThat(run.output().trim()).isEqualTo("loadtest " + ProjectImages.version());
    }

    @Test
    void theRunnerStartsFromItsAotCacheAndStillRunsALoadTest() throws Exception {
        // the shop example against the bundled target, as a hardened pod runs it; the JVM says where each class came from
        Run run = runRunner(List.of("JAVA_TOOL_OPTIONS=-Xlog:aot -Xlog:class+load"),
                "-f", "/opt/loadtest/aot-training/ShopUser.java", "--sample-target", "-u", "4", "-r", "4", "-t", "3s",
                "--headless");
        String out = run.output();
        assertThat(run.exit()).as("0, or 1 if the sample target's 1%% checkout errors occurred").isIn(0, 1);
        assertThat(out).contains("Opened AOT cache /opt/loadtest/runner.aot.");
        // javac, the engine and the HTTP client were mapped from the cache, not loaded from their jars or modules
        for (String name : List.of("com.sun.tools.javac.main.JavaCompiler", "dev.loadtest.runner.engine.Engine",
                "dev.loadtest.runner.control.ControlServer", "jdk.internal.net.http.HttpClientImpl")) {
            assertThat(out).as(name).containsPattern("\\] " + java.util.regex.Pattern.quote(name) + " source: shared objects file");
        }
        java.util.regex.Matcher served = java.util.regex.Pattern.compile("The sample target served (\\d+) requests").matcher(out);
        assertThat(served.find()).as(out.lines().filter(l -> !l.contains("[class,load]")).toList().toString()).isTrue();
        assertThat(Long.parseLong(served.group(1))).isPositive();
        assertThat(out).containsPattern("Aggregated +[1-9]");
    }

    private record Run(int exit, String output) {
    }

    /** The runner image as a hardened pod runs it: read-only root, /tmp writable, no capabilities, no network. */
    private static Run runRunner(List<String> env, String... args) throws Exception {
        DockerClient docker = DockerEngine.shared().client();
        String id = docker.createContainerCmd(ProjectImages.runner()).withCmd(args).withEnv(env)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withReadonlyRootfs(true)
                        .withTmpFs(java.util.Map.of("/tmp", "rw,size=64m")).withCapDrop(Capability.ALL)
                        .withSecurityOpts(List.of("no-new-privileges")))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            int exit = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(3, TimeUnit.MINUTES);
            StringBuilder out = new StringBuilder();
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
            return new Run(exit, out.toString());
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
