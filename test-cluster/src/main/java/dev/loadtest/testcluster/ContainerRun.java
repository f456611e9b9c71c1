package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/** One container of a pod as the kubelet tracks it; touched only on the kubelet's loop thread. */
final class ContainerRun {
    final Container spec;
    final boolean init;
    Map<String, String> env;
    List<String> command;
    /** Volatile: tests read it through {@link ProcessKubelet#pid} from their own thread. */
    volatile Process process;
    Instant startedAt;
    boolean ready;
    int restarts;
    boolean restartPending;
    int probeSuccesses;
    int probeFailures;
    ScheduledFuture<?> probeTask;
    ContainerStateTerminated terminated;
    ContainerStateTerminated lastTerminated;
    String waitingReason;
    String waitingMessage;
    /** Everything the process started, seen so far: orphans are no longer its descendants once it dies. */
    final Set<ProcessHandle> descendantsSeen = ConcurrentHashMap.newKeySet();

    ContainerRun(Container spec, boolean init) {
        this.spec = spec;
        this.init = init;
    }

    String name() {
        return spec.getName();
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    boolean completedSuccessfully() {
        return terminated != null && terminated.getExitCode() == 0 && !restartPending;
    }

    void rememberDescendants(ProcessTree.Table table) {
        Process current = process;
        if (current != null && current.isAlive()) {
            descendantsSeen.addAll(table.descendants(current.toHandle()));
        }
        descendantsSeen.removeIf(ProcessTree::isGone);
    }

    /** Everything still running that this container started, orphans included (they inherit its marker env var). */
    java.util.List<ProcessHandle> leftovers(String podUid) {
        Set<ProcessHandle> all = new java.util.HashSet<>(descendantsSeen);
        all.addAll(ProcessTree.withEnvironmentEntry(MARKER, marker(podUid)));
        if (process != null) {
            all.addAll(ProcessTree.withDescendants(process.toHandle()));
        }
        all.removeIf(h -> h.pid() == ProcessHandle.current().pid() || ProcessTree.isGone(h));
        return java.util.List.copyOf(all);
    }

    static String containerId(Process process) {
        return process instanceof ContainerProcess c ? "docker://" + c.containerId() : "process://" + process.pid();
    }

    /** The env var that marks a container's processes. */
    static final String MARKER = "PROCESS_KUBELET_CONTAINER";

    String marker(String podUid) {
        return podUid + "/" + name();
    }

    ContainerStatus status() {
        ContainerState state;
        if (terminated != null && !restartPending) {
            state = new ContainerStateBuilder().withTerminated(terminated).build();
        } else if (isRunning() || (process != null && terminated == null)) {
            state = new ContainerStateBuilder().withNewRunning().withStartedAt(Times.format(startedAt)).endRunning().build();
        } else {
            state = new ContainerStateBuilder().withNewWaiting()
                    .withReason(restartPending ? "CrashLoopBackOff" : waitingReason == null ? "ContainerCreating" : waitingReason)
                    .withMessage(waitingMessage)
                    .endWaiting().build();
        }
        ContainerStatusBuilder b = new ContainerStatusBuilder()
                .withName(name())
                .withImage(spec.getImage())
                .withImageID((process instanceof ContainerProcess ? "docker://" : "process-kubelet://") + spec.getImage())
                .withReady(ready && isRunning())
                .withStarted(isRunning())
                .withRestartCount(restarts)
                .withState(state);
        if (process != null) {
            b.withContainerID(containerId(process));
        }
        ContainerStateTerminated last = restartPending ? terminated : lastTerminated;
        if (last != null) {
            b.withNewLastState().withTerminated(last).endLastState();
        }
        return b.build();
    }
}
