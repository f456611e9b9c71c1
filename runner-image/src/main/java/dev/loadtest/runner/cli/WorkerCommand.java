package dev.loadtest.runner.cli;

import dev.loadtest.runner.control.ControlServer;
import dev.loadtest.runner.engine.Engine;
import dev.loadtest.runner.loadfile.LoadfileException;
import dev.loadtest.runner.loadfile.LoadfileModel;
import dev.loadtest.runner.metrics.MetricLabels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A runner pod's process: compiles the loadfile, then serves the control API until told to quit. A loadfile
 * that does not compile exits 1 with the compiler's {@code File.java:LINE: message} as termination message,
 * so the operator can show it in the LoadTest's status.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Runs as a runner pod: serves the control API and runs users when told to.")
final class WorkerCommand implements Callable<Integer> {

    @Option(names = {"-f", "--loadfile"}, required = true, paramLabel = "FILE", description = "The loadfile.")
    Path loadfile;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--bind-env", paramLabel = "VAR", description = "Take the address to listen on from this environment variable, e.g. POD_IP.")
    String bindEnv;

    @Option(names = "--port", defaultValue = "8089", description = "Port of the control API (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-L", "--loglevel"}, defaultValue = "INFO")
    String logLevel;

    @Override
    public Integer call() throws Exception {
        Logging.configure(logLevel);
        LoadfileModel model;
        try {
            model = LoadfileModel.of(Loadfiles.compile(loadfile));
        } catch (LoadfileException e) {
            System.err.println(e.getMessage());
            writeTerminationMessage(e.getMessage());
            return 1;
        }
        String address = bindEnv != null && System.getenv(bindEnv) != null ? System.getenv(bindEnv) : bind;
        String runnerId = System.getenv().getOrDefault("LOADTEST_RUNNER_ID", "runner");
        Engine engine = new Engine(model, MetricLabels.fromEnvironment(System.getenv(), runnerId));
        try (ControlServer server = new ControlServer(engine, System.getenv("LOADTEST_TOKEN"), address, port)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                engine.stop();
                try {
                    engine.awaitStopped(Duration.ofSeconds(20));
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "shutdown"));
            server.start();
            server.awaitQuit();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            writeTerminationMessage(e.getMessage());
            return 1;
        }
        return 0;
    }

    private static void writeTerminationMessage(String message) {
        Path log = Loadfiles.resolve(Path.of("/dev/termination-log"));
        try {
            if (Files.isDirectory(log.getParent())) {
                Files.writeString(log, message.length() > 4000 ? message.substring(0, 4000) : message);
            }
        } catch (IOException | RuntimeException e) {
            // no termination log here (not in a pod): the message is on stderr already
        }
    }
}
