package dev.loadtest.testcluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A pod's container in the Docker engine, seen by the kubelet as a {@link Process}: its PID is the container's
 * main process as the host sees it (so the kubelet signals it as it signals a local process: SIGTERM, then
 * SIGKILL after the grace period), and it exits with the container. Its output goes to the container's log
 * file, not to the streams here.
 */
final class ContainerProcess extends Process {
    private final DockerClient docker;
    private final String containerId;
    private final long hostPid;
    private final ProcessHandle handle;
    private final CompletableFuture<Integer> exit;

    ContainerProcess(DockerClient docker, String containerId, long hostPid, CompletableFuture<Integer> exit) {
        this.docker = docker;
        this.containerId = containerId;
        this.hostPid = hostPid;
        // one handle for the container's life: the kubelet tracks and untracks it by equality
        this.handle = ProcessHandle.of(hostPid).orElseGet(() -> new GoneProcessHandle(hostPid));
        this.exit = exit;
    }

    String containerId() {
        return containerId;
    }

    @Override
    public long pid() {
        return hostPid;
    }

    @Override
    public ProcessHandle toHandle() {
        return handle;
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return exit.thenApply(code -> this);
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public int exitValue() {
        if (!exit.isDone()) {
            throw new IllegalThreadStateException("container " + containerId + " is running");
        }
        return exit.join();
    }

    @Override
    public void destroy() {
        signal("TERM");
    }

    @Override
    public Process destroyForcibly() {
        signal("KILL");
        return this;
    }

    private void signal(String signal) {
        if (exit.isDone()) {
            return;
        }
        try {
            docker.killContainerCmd(containerId).withSignal(signal).exec();
        } catch (NotFoundException | com.github.dockerjava.api.exception.ConflictException e) {
            // gone or no longer running: nothing to signal
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream();
    }
}
