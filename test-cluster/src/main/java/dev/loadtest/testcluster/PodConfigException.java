package dev.loadtest.testcluster;

/**
 * A pod cannot start yet because something it references is missing (a ConfigMap, a Secret, a key):
 * like a real kubelet, the process kubelet reports {@code CreateContainerConfigError} and tries again.
 */
public class PodConfigException extends RuntimeException {
    public PodConfigException(String message) {
        super(message);
    }
}
