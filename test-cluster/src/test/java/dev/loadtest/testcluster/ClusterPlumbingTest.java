package dev.loadtest.testcluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterPlumbingTest {

    @Test
    void freePortsAreDistinctAndBindable() throws Exception {
        List<Integer> ports = FreePorts.pick(4);
        assertThat(ports).hasSize(4).doesNotHaveDuplicates().allMatch(p -> p > 0 && p < 65536);
        try (var socket = new java.net.ServerSocket(ports.getFirst(), 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(ports.getFirst());
        }
    }

    @Test
    void podIpsSkipTheHostAndNetworkOrBroadcastLookingAddresses() {
        PodIpPool pool = PodIpPool.unclaimed();
        assertThat(pool.next()).isEqualTo("127.0.0.2");
        assertThat(pool.next()).isEqualTo("127.0.0.3");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 600; i++) {
            seen.add(pool.next());
        }
        assertThat(seen).hasSize(600).noneMatch(ip -> ip.endsWith(".0") || ip.endsWith(".255")).contains("127.0.1.1");
    }

    @Test
    void concurrentClustersGetTheirOwnAddressBlocks(@TempDir Path locks) throws Exception {
        try (PodIpPool first = PodIpPool.claim(locks); PodIpPool second = PodIpPool.claim(locks)) {
            assertThat(first.next()).isEqualTo("127.0.0.2");
            assertThat(second.next()).isEqualTo("127.1.0.2");
        }
        Files.writeString(locks.resolve("127.0"), "999999999"); // a run that died without closing
        try (PodIpPool again = PodIpPool.claim(locks)) {
            assertThat(again.next()).as("stale block taken over").isEqualTo("127.0.0.2");
        }
        assertThat(locks).isEmptyDirectory();
    }

    @Test
    void binariesComeFromKubebuilderAssetsElseFromSharedBesideTheRepository(@TempDir Path tmp) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path shared = fakeBinaries(tmp.resolve("shared/k8s/bin"), "etcd", "kube-apiserver", "kube-controller-manager");
        Path envtest = fakeBinaries(tmp.resolve("envtest"), "etcd", "kube-apiserver");

        assertThat(ClusterBinaries.locate(null, repo).apiServer()).isEqualTo(shared.resolve("kube-apiserver"));
        ClusterBinaries fromAssets = ClusterBinaries.locate(envtest.toString(), repo);
        assertThat(fromAssets.etcd()).isEqualTo(envtest.resolve("etcd"));
        assertThat(fromAssets.controllerManager()).as("borrowed from shared").isEqualTo(shared.resolve("kube-controller-manager"));
    }

    @Test
    void missingBinariesNameBothPlaces(@TempDir Path tmp) {
        assertThatThrownBy(() -> ClusterBinaries.locate(tmp.resolve("nowhere").toString(), tmp.resolve("repo")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KUBEBUILDER_ASSETS=" + tmp.resolve("nowhere"))
                .hasMessageContaining(tmp.resolve("shared/k8s/bin").toString());
    }

    @Test
    void repositoryRootIsFoundFromAModuleFolder(@TempDir Path tmp) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(repo.resolve(".git"), "gitdir: elsewhere\n");
        Path module = Files.createDirectories(repo.resolve("test-cluster/src"));
        assertThat(ProjectLayout.repositoryRoot(module)).isEqualTo(repo);
    }

    @Test
    void mountPathsStayInsideThePodRoot() {
        Path root = Path.of("/run/pods/x/root");
        assertThat(PodVolumes.under(root, "/etc/config")).isEqualTo(root.resolve("etc/config"));
        assertThatThrownBy(() -> PodVolumes.under(root, "/../../escape")).isInstanceOf(PodConfigException.class);
    }

    @Test
    void versionDecidesWhichFlagsAndWaitsApply() {
        assertThat(KubeVersion.parse("Kubernetes v1.20.2\n").atLeast(24)).isFalse();
        assertThat(KubeVersion.parse("Kubernetes v1.31.0").atLeast(24)).isTrue();
        assertThatThrownBy(() -> KubeVersion.parse("etcd 3.4")).hasMessageContaining("cannot read a Kubernetes version");
    }

    private static Path fakeBinaries(Path dir, String... names) throws Exception {
        Files.createDirectories(dir);
        for (String name : names) {
            Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }
}
