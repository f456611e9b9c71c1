package dev.loadtest.testcluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers every process this library started and every run directory it made, so that a single JVM
 * shutdown hook can kill and remove them when the test JVM is stopped without {@link KubeCluster#close()}.
 */
final class ProcessGuard {
    private static final Set<ProcessHandle> PROCESSES = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessGuard::killAll, "test-cluster-shutdown"));
    }

    private ProcessGuard() {
    }

    static void track(ProcessHandle process) {
        PROCESSES.add(process);
    }

    static void untrack(ProcessHandle process) {
        PROCESSES.remove(process);
    }

    static void track(Path directory) {
        DIRECTORIES.add(directory);
    }

    static void untrack(Path directory) {
        DIRECTORIES.remove(directory);
    }

    private static void killAll() {
        PROCESSES.forEach(ProcessTree::kill);
        for (Path dir : DIRECTORIES) {
            try {
                Directories.deleteRecursively(dir);
            } catch (IOException ignored) {
                // the JVM is going away; /tmp is cleaned eventually
            }
        }
    }
}
