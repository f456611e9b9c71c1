package dev.loadtest.testcluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where etcd, kube-apiserver and kube-controller-manager come from: {@code KUBEBUILDER_ASSETS} if it is set
 * and holds them, else {@code ../shared/k8s/bin} beside the repository root.
 */
public record ClusterBinaries(Path etcd, Path apiServer, Path controllerManager) {

    public static final String ENV_VAR = "KUBEBUILDER_ASSETS";
    static final Path SHARED_BIN = Path.of("..", "shared", "k8s", "bin");

    public static ClusterBinaries locate() {
        return locate(System.getenv(ENV_VAR), ProjectLayout.repositoryRoot());
    }

    static ClusterBinaries locate(String assetsEnv, Path repositoryRoot) {
        List<Path> candidates = new ArrayList<>();
        if (assetsEnv != null && !assetsEnv.isBlank()) {
            candidates.add(Path.of(assetsEnv).toAbsolutePath().normalize());
        }
        Path shared = repositoryRoot.resolve(SHARED_BIN).toAbsolutePath().normalize();
        candidates.add(shared);
        for (Path dir : candidates) {
            if (isExecutable(dir.resolve("etcd")) && isExecutable(dir.resolve("kube-apiserver"))) {
                // envtest's asset folders have no controller manager: borrow the shared one then.
                Path kcm = isExecutable(dir.resolve("kube-controller-manager"))
                        ? dir.resolve("kube-controller-manager") : shared.resolve("kube-controller-manager");
                if (!isExecutable(kcm)) {
                    throw new IllegalStateException("kube-controller-manager not found in " + dir + " nor in " + shared
                            + ": put a v1.20-compatible kube-controller-manager beside etcd and kube-apiserver");
                }
                return new ClusterBinaries(dir.resolve("etcd"), dir.resolve("kube-apiserver"), kcm);
            }
        }
        throw new IllegalStateException("No Kubernetes test binaries (etcd, kube-apiserver, kube-controller-manager) found. "
                + "Looked in " + ENV_VAR + "=" + (assetsEnv == null ? "(not set)" : assetsEnv)
                + " and in " + shared + " (../shared/k8s/bin beside the repository root " + repositoryRoot + "). "
                + "Set " + ENV_VAR + " to a folder holding them, or check out the shared folder beside the repository.");
    }

    private static boolean isExecutable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }
}
