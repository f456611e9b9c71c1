package dev.loadtest.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The operator's own settings ({@code loadtest.*} in application.properties or env LOADTEST_*). */
@ConfigMapping(prefix = "loadtest")
public interface OperatorConfig {

    Runner runner();

    /**
     * Namespace of the leader-election Lease. Default: the operator's own namespace (in a pod), else the
     * kubeconfig's namespace, else "default".
     */
    Optional<String> leaseNamespace();

    /**
     * How long the leader's Lease holds without a renewal, and how long the leader keeps trying to renew it before it
     * gives up and exits (client-go's 15 s and 10 s by default). An API server too busy to answer a renewal within
     * the deadline costs the operator a restart; raise both where the API server is known to be slow.
     */
    @WithDefault("15s")
    Duration leaseDuration();

    @WithDefault("10s")
    Duration leaseRenewDeadline();

    /** How often the runners' cumulative statistics are pulled while a run is in progress. */
    @WithDefault("3s")
    Duration pollInterval();

    /**
     * Status writes that only change figures (requests, percentiles, users) are sent at most this often per
     * LoadTest; condition and phase changes are written at once.
     */
    @WithDefault("5s")
    Duration statusWriteInterval();

    /** A run whose runners are not all ready this long after its Job was created fails (RunnersNotReady). */
    @WithDefault("5m")
    Duration startTimeout();

    /** How many finished runs status.history keeps. */
    @WithDefault("10")
    int historyLimit();

    interface Runner {

        /**
         * The runner image used when neither spec.runnerPod.image nor the pod defaults set one. application.properties
         * sets it to ghcr.io/loadtest/runner:${quarkus.application.version}, the project's one version.
         */
        String image();

        /**
         * A YAML file of spec.runnerPod's shape whose fields every runner pod gets unless its LoadTest sets them
         * (field by field); see {@link RunnerPodDefaults}.
         */
        Optional<java.nio.file.Path> podDefaultsFile();

        /** The runner's control and metrics port (the runner's --port). */
        @WithDefault("8089")
        int port();

        /** Timeout of one HTTP call to a runner; a slow runner is skipped for one poll, not waited for. */
        @WithDefault("3s")
        Duration requestTimeout();
    }
}
