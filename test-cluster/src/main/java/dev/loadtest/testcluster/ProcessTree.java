package dev.loadtest.testcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stops a process and everything it started. Descendants are collected before the first signal because,
 * once their parent dies, they are re-parented and no longer show up as its descendants.
 *
 * <p>An orphan that dies stays a zombie until PID 1 reaps it (in some containers only every few seconds),
 * and the JDK counts zombies as alive: waiting here treats a zombie as stopped.
 */
public final class ProcessTree {
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private ProcessTree() {
    }

    /** SIGTERM the process and its descendants, then SIGKILL whatever is still running after {@code grace}. */
    public static void stop(ProcessHandle root, Duration grace) {
        List<ProcessHandle> all = withDescendants(root);
        // children first, so that a parent still alive can reap them
        all.reversed().forEach(ProcessHandle::destroy);
        awaitGone(all, grace);
        kill(all);
    }

    /** SIGKILL the process and its descendants and wait (bounded) until they are gone. */
    public static void kill(ProcessHandle root) {
        kill(withDescendants(root));
    }

    static List<ProcessHandle> withDescendants(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    /**
     * The machine's processes by parent, from one pass over {@code /proc}. The JDK's {@code descendants()} makes such
     * a pass on every call (about 10 ms with 100 processes, growing with them): once per pod per probe, hundreds of
     * pods probed every second kept the kubelet's loop thread busy on it alone, so pods started and became Ready
     * minutes late. One table answers for every pod.
     */
    record Table(Map<Long, List<ProcessHandle>> children) {

        static Table now() {
            Map<Long, List<ProcessHandle>> children = new HashMap<>();
            ProcessHandle.allProcesses().forEach(p -> p.parent()
                    .ifPresent(parent -> children.computeIfAbsent(parent.pid(), k -> new ArrayList<>()).add(p)));
            return new Table(children);
        }

        /** The root, then its descendants in this table: {@link ProcessTree#withDescendants} without a pass over /proc. */
        List<ProcessHandle> withDescendants(ProcessHandle root) {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(root);
            all.addAll(descendants(root));
            return all;
        }

        /** The root's descendants as they were when the table was taken (those started since are not in it). */
        List<ProcessHandle> descendants(ProcessHandle root) {
            List<ProcessHandle> found = new ArrayList<>();
            ArrayDeque<Long> parents = new ArrayDeque<>(List.of(root.pid()));
            while (!parents.isEmpty()) {
                for (ProcessHandle child : children.getOrDefault(parents.poll(), List.of())) {
                    found.add(child);
                    parents.add(child.pid());
                }
            }
            return found;
        }
    }

    /**
     * Processes whose environment holds {@code name=value}: children inherit the environment, so this finds
     * what a process started even after it was orphaned, the way a container's cgroup would.
     */
    public static List<ProcessHandle> withEnvironmentEntry(String name, String value) {
        String needle = "\0" + name + "=" + value + "\0";
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                byte[] environ = Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "environ"));
                return ("\0" + new String(environ, StandardCharsets.ISO_8859_1)).contains(needle);
            } catch (IOException | RuntimeException e) {
                return false; // gone, or not ours to read
            }
        }).toList();
    }

    /** True once the process has exited, zombie or not. */
    public static boolean isGone(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(handle.pid()), "stat"));
            // the state follows the command name, which is in parentheses and may itself contain ") "
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && (stat.charAt(end + 2) == 'Z' || stat.charAt(end + 2) == 'X');
        } catch (IOException | RuntimeException e) {
            return true; // no /proc entry: gone
        }
    }

    private static void kill(List<ProcessHandle> handles) {
        for (ProcessHandle handle : handles.reversed()) {
            if (!isGone(handle)) {
                // a late child of a dying process would escape the snapshot: take its children too
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            }
        }
        awaitGone(handles, KILL_WAIT);
    }

    private static void awaitGone(List<ProcessHandle> handles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!handles.stream().allMatch(ProcessTree::isGone) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
