package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.Container;

import java.util.List;

/**
 * The {@link ImageCommand} of container mode: the image is not played by a local command but run as itself, a
 * container of the local Docker engine ({@link DockerContainers}). Map it with {@link ImageCommand#docker()}.
 */
final class DockerImage implements ImageCommand {
    static final DockerImage INSTANCE = new DockerImage();

    private DockerImage() {
    }

    @Override
    public List<String> command(Container container, PodContext pod) {
        throw new UnsupportedOperationException("image " + container.getImage() + " runs as a container, not a command");
    }
}
