package dev.loadtest.testcluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.time.Duration;

/**
 * The Docker engine the tests build images with and run containers on: {@code $DOCKER_HOST}, else
 * {@code unix:///var/run/docker.sock}. Nothing is ever pulled: every image comes from a local build.
 */
public final class DockerEngine {
    /** How a missing engine is fixed; said by every error about it. */
    public static final String HOW_TO_START = "start one with `.ci/docker-engine start` (Debian package docker.io; "
            + "it runs dockerd --storage-driver=overlay2 --iptables=false --bridge=none, see ../shared/reference/containers.md)";

    private static DockerEngine shared;

    private final DockerClient client;
    private final String host;

    private DockerEngine(DockerClient client, String host) {
        this.client = client;
        this.host = host;
    }

    /** One client per JVM, checked once: the engine answers, else a clear error naming the fix. */
    public static synchronized DockerEngine shared() {
        if (shared == null) {
            shared = connect(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
        }
        return shared;
    }

    /** An engine at {@code dockerHost} (e.g. {@code unix:///var/run/docker.sock}), checked to answer. */
    static DockerEngine connect(String dockerHost) {
        return connect(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build());
    }

    private static DockerEngine connect(DockerClientConfig config) {
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                // image builds and container waits answer only when done
                .responseTimeout(Duration.ofHours(1))
                .build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        String host = config.getDockerHost().toString();
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new IllegalStateException("No Docker engine answers at " + host + " (" + e.getMessage() + "): "
                    + HOW_TO_START, e);
        }
        return new DockerEngine(client, host);
    }

    public DockerClient client() {
        return client;
    }

    public String host() {
        return host;
    }

    /** The engine's API version, e.g. 1.41 for Debian's docker.io 20.10. */
    public String apiVersion() {
        return client.versionCmd().exec().getApiVersion();
    }

    public boolean hasImage(String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
