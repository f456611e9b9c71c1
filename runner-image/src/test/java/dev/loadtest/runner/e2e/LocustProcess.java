package dev.loadtest.runner.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Locust 2.12 ({@code python3-locust}) as a child process, its output in a file of the test's
 * directory, bounded in time and stopped by PID (SIGTERM, then SIGKILL).
 */
final class LocustProcess implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/locust");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path output;

    private LocustProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static LocustProcess start(Path workingDirectory, String... args) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("no " + BINARY + ": install Debian's Locust: apt-get install python3-locust");
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(List.of(args));
        Path output = workingDirectory.resolve("locust.out");
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        return new LocustProcess(process, output);
    }

    /** Runs {@code locust ARGS} to the end (at most {@code timeout}) and returns what it printed. */
    static String run(Path workingDirectory, Duration timeout, String... args) throws IOException, InterruptedException {
        try (LocustProcess locust = start(workingDirectory, args)) {
            locust.awaitExit(timeout);
            return locust.output();
        }
    }

    /** Waits for Locust to end by itself; fails (after stopping it) if it has not within {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("locust still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        ProcessHandle handle = process.toHandle();
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
