package dev.loadtest.operator.e2e;

import dev.loadtest.testcluster.FreePorts;
import dev.loadtest.testcluster.ImageCommand;
import dev.loadtest.testcluster.KubeClusterExtension;
import dev.loadtest.testcluster.ProjectLayout;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The packaged operator as a process beside a {@link LoadTarget} (a {@link CountingTarget} unless the class names its
 * own with {@link Builder#target}), for an E2E class: started before its tests, stopped after them (by PID), the
 * target's count reset before each test, and {@link #kill()} / {@link #start()} / {@link #restart()} for the faults.
 * Register it after the cluster it serves, in this order:
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static KubeClusterExtension cluster = ...;
 * @RegisterExtension @Order(2) static RestartableOperator<CountingTarget> operator = RestartableOperator.on(cluster).log("name").build();
 * }</pre>
 *
 * Each start logs to its own file, {@code operator/target/e2e-logs/<name>-<n>.log}, so a restart's log is not
 * mixed with the crashed one's.
 */
final class RestartableOperator<T extends LoadTarget> implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    static final Path ROOT = ProjectLayout.repositoryRoot();
    static final Path RUNNER_JAR = ROOT.resolve("runner-image/target/loadtest-runner.jar");
    static final Path OPERATOR_JAR = ROOT.resolve("operator/target/quarkus-app/quarkus-run.jar");
    static final String RUNNER_IMAGE = "ghcr.io/loadtest/runner";

    private final KubeClusterExtension cluster;
    private final String logName;
    private final String runnerImage;
    private final boolean needsRunnerJar;
    private final boolean withHttpPort;
    private final List<String> jvmOptions;
    private final LoadTarget.Factory<T> targetFactory;
    private T target;
    private OperatorProcess process;
    private int starts;
    private int httpPort;

    private RestartableOperator(Builder<T> b) {
        this.cluster = b.cluster;
        this.logName = b.logName;
        this.runnerImage = b.runnerImage;
        this.needsRunnerJar = b.needsRunnerJar;
        this.withHttpPort = b.withHttpPort;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.targetFactory = b.targetFactory;
    }

    /** A test cluster with the project's CRDs whose kubelet runs runner pods as processes of the runner jar. */
    static KubeClusterExtension.Builder runnerProcessCluster() {
        return KubeClusterExtension.builder().crds(ROOT.resolve("crds")).image(RUNNER_IMAGE, ImageCommand.javaJar(RUNNER_JAR));
    }

    static Builder<CountingTarget> on(KubeClusterExtension cluster) {
        return new Builder<>(cluster, CountingTarget::new);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (needsRunnerJar && !Files.exists(RUNNER_JAR)) {
            throw new IllegalStateException("build the runner first: mvn -B -pl runner-image -am package (" + RUNNER_JAR + ")");
        }
        if (!Files.exists(OPERATOR_JAR)) {
            throw new IllegalStateException("the operator jar is built by package, before failsafe runs (" + OPERATOR_JAR + ")");
        }
        target = targetFactory.start();
        httpPort = withHttpPort ? FreePorts.pick(1).getFirst() : 0;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        target.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (process != null) {
            process.close();
            process = null;
        }
        if (target != null) {
            target.close();
        }
    }

    /** Starts a new operator process; the previous one must have been killed or closed. */
    void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the operator (pid " + process.pid() + ") still runs: kill() it first");
        }
        starts++;
        process = new OperatorProcess(OPERATOR_JAR, cluster.kubeconfig(),
                ROOT.resolve("operator/target/e2e-logs/" + logName + "-" + starts + ".log"), runnerImage, httpPort, jvmOptions);
    }

    /** SIGKILL: a crash, nothing handed over cleanly. */
    void kill() throws InterruptedException {
        process.kill();
    }

    /** A crash and a new process: what a rescheduled operator pod looks like to the cluster. */
    void restart() throws IOException, InterruptedException {
        kill();
        start();
    }

    T target() {
        return target;
    }

    OperatorProcess process() {
        return process;
    }

    /** The HTTP port (/q/metrics, /q/health) on 127.0.0.1, when built {@code withHttpPort()}. */
    int httpPort() {
        if (!withHttpPort) {
            throw new IllegalStateException("built without withHttpPort(): its HTTP server took any free port");
        }
        return httpPort;
    }

    /** How many operator processes were started: 1 + the restarts. */
    int starts() {
        return starts;
    }

    static final class Builder<T extends LoadTarget> {
        private final KubeClusterExtension cluster;
        private final LoadTarget.Factory<T> targetFactory;
        private String logName = "operator";
        private String runnerImage = RUNNER_IMAGE + ":e2e";
        private boolean needsRunnerJar = true;
        private boolean withHttpPort;
        private final List<String> jvmOptions = new ArrayList<>();

        private Builder(KubeClusterExtension cluster, LoadTarget.Factory<T> targetFactory) {
            this.cluster = Objects.requireNonNull(cluster, "cluster");
            this.targetFactory = Objects.requireNonNull(targetFactory, "targetFactory");
        }

        /** The class's own system under test instead of a {@link CountingTarget}; the other settings are kept. */
        <U extends LoadTarget> Builder<U> target(LoadTarget.Factory<U> factory) {
            Builder<U> other = new Builder<>(cluster, factory);
            other.logName = logName;
            other.runnerImage = runnerImage;
            other.needsRunnerJar = needsRunnerJar;
            other.withHttpPort = withHttpPort;
            other.jvmOptions.addAll(jvmOptions);
            return other;
        }

        /** The log files' name: {@code <name>-<n>.log}. */
        Builder<T> log(String name) {
            this.logName = name;
            return this;
        }

        /**
         * The runner image the operator puts in runner pods; null keeps the operator's own default (its version's
         * image, run as a container), which needs no runner jar.
         */
        Builder<T> runnerImage(String image) {
            this.runnerImage = image;
            this.needsRunnerJar = image != null;
            return this;
        }

        /** A fixed free port for the HTTP server, so that Prometheus can be pointed at it before it starts. */
        Builder<T> withHttpPort() {
            this.withHttpPort = true;
            return this;
        }

        /** More JVM options (system properties) for the operator, e.g. {@code -Dloadtest.status-write-interval=5s}. */
        Builder<T> jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        RestartableOperator<T> build() {
            return new RestartableOperator<>(this);
        }
    }
}
