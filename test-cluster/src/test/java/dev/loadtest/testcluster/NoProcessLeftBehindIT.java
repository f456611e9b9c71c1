package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class NoProcessLeftBehindIT {
    static volatile boolean launchedFromOuterTest;
    static final List<Long> pids = new ArrayList<>();
    static volatile Path runDirectory;
    static volatile Path logsDirectory;

    @Test
    void extensionStopsEveryProcessAndRemovesTheRunDirectoryEvenWhenTheTestFails() {
        launchedFromOuterTest = true;
        Events tests;
        try {
            tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingClusterUser.class))
                    .execute().testEvents();
        } finally {
            launchedFromOuterTest = false;
        }

        tests.assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(pids).as("PIDs of the control plane and of the pod's processes").hasSizeGreaterThanOrEqualTo(5);
        // orphans that died are zombies until PID 1 reaps them, which some containers do only every few seconds
        await("every recorded process to be gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).isEmpty(),
                        "process is gone"));
        assertThat(runDirectory).doesNotExist();
        assertThat(podAddressBlocksHeldByThisJvm()).as("pod address blocks still claimed").isEmpty();
        assertThat(logsDirectory.resolve("kube-apiserver.log")).isNotEmptyFile();
        assertThat(logsDirectory.resolve("etcd.log")).exists();
        assertThat(logsDirectory.resolve("kube-controller-manager.log")).isNotEmptyFile();
        try (var logs = Files.walk(logsDirectory.resolve("pods"))) {
            assertThat(logs.filter(p -> p.getFileName().toString().equals("main.log")).toList())
                    .singleElement().satisfies(log -> assertThat(Files.readString(log)).contains("started"));
        } catch (java.io.IOException e) {
            fail("cannot read the kept logs", e);
        }
    }

    /** Run only through the test above: it starts a cluster with a busy pod and then fails. */
    @EnabledIf("dev.loadtest.testcluster.NoProcessLeftBehindIT#launchedByOuterTest")
    @ExtendWith(KubeClusterExtension.class)
    static class FailingClusterUser {
        @Test
        void startsAPodThenFails(KubeCluster cluster, KubernetesClient client) {
            runDirectory = cluster.runDirectory();
            logsDirectory = cluster.logsDirectory();
            pids.clear();
            pids.addAll(cluster.controlPlanePids());
            Pod pod = new PodBuilder().withNewMetadata().withName("busy").endMetadata()
                    .withNewSpec().withRestartPolicy("Never")
                    .addNewContainer().withName("main").withImage("test-echo")
                    .withArgs("echo started; sleep 300 & sleep 300 & wait").endContainer().endSpec().build();
            client.pods().inNamespace("default").resource(pod).create();
            await("pod busy to run two sleeps").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.kubelet().pids().size() >= 3);
            pids.addAll(cluster.kubelet().pids());
            fail("deliberate failure: the cluster must be cleaned up anyway");
        }
    }

    private static List<Path> podAddressBlocksHeldByThisJvm() {
        String pid = String.valueOf(ProcessHandle.current().pid());
        if (!Files.isDirectory(PodIpPool.LOCKS)) {
            return List.of();
        }
        try (var locks = Files.list(PodIpPool.LOCKS)) {
            return locks.filter(lock -> {
                try {
                    return Files.readString(lock).trim().equals(pid);
                } catch (java.io.IOException e) {
                    return false; // released meanwhile
                }
            }).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean launchedByOuterTest() {
        return launchedFromOuterTest;
    }
}
