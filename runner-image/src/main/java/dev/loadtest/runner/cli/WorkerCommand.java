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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A runner pod's process: compiles the loadfile while its control API starts listening, is ready once the loadfile
 * is loaded, and serves the control API until told to quit. A loadfile
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
        String address = bindEnv != null && System.getenv(bindEnv) != null ? System.getenv(bindEnv) : bind;
        try (Running worker = start(loadfile, address, port, System.getenv("LOADTEST_TOKEN"), logLevel)) {
            if (worker.failure() != null) {
                System.err.println(worker.failure());
                writeTerminationMessage(worker.failure());
                return 1;
            }
            Engine engine = worker.engine();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                engine.stop();
                try {
                    engine.awaitStopped(Duration.ofSeconds(20));
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "shutdown"));
            worker.awaitQuit();
        }
        return 0;
    }

    /**
     * A started worker: serving its control API with the loaded loadfile, or, when {@link #failure()} is set, the
     * message saying why it cannot (a loadfile that does not compile, no token, an address it cannot bind).
     */
    record Running(ControlServer server, Engine engine, String failure) implements AutoCloseable {

        int port() {
            return server.port();
        }

        void awaitQuit() throws InterruptedException {
            server.awaitQuit();
        }

        @Override
        public void close() throws InterruptedException {
            if (server != null) {
                server.close();
            }
            if (engine != null) {
                engine.close();
            }
        }
    }

    /**
     * Starts a worker as early as it can be ready: the loadfile compiles on a thread of its own while the control
     * server binds and loads its classes (answering 503 on {@code /readyz} meanwhile), and the server is ready the
     * moment the loadfile is loaded.
     */
    static Running start(Path loadfile, String address, int port, String token, String logLevel) throws Exception {
        Logging.configure(logLevel);
        CompletableFuture<LoadfileModel> loading = takeHeadStart(loadfile);
        if (loading == null) {
            loading = compileInBackground(loadfile);
        }
        ControlServer server;
        try {
            server = ControlServer.loading(token, address, port);
        } catch (IllegalArgumentException | IOException e) {
            return new Running(null, null, e instanceof IOException
                    ? "cannot listen on " + address + ":" + port + ": " + e : e.getMessage());
        }
        server.start();
        LoadfileModel model;
        try {
            model = loading.get();
        } catch (ExecutionException e) {
            server.close();
            if (e.getCause() instanceof LoadfileException failure) {
                return new Running(null, null, failure.getMessage());
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        String runnerId = System.getenv().getOrDefault("LOADTEST_RUNNER_ID", "runner");
        Engine engine = new Engine(model, MetricLabels.fromEnvironment(System.getenv(), runnerId));
        server.serve(engine);
        return new Running(server, engine, null);
    }

    /** The loadfile compiling on a thread of its own, started before the command line was parsed; null if none. */
    private static final AtomicReference<HeadStart> HEAD_START = new AtomicReference<>();

    private record HeadStart(Path loadfile, CompletableFuture<LoadfileModel> loading) {
    }

    /**
     * Called first thing in a runner process: when it is a worker, starts compiling its loadfile at once, before the
     * command line is parsed. Parsing builds picocli's model of every command and option, interpreted and from class
     * files that the AOT cache cannot hold (picocli's are Java 5's); that took a tenth of the way to ready on a quiet
     * machine and longer on a busy one, and a pod's compiler need not wait for it. {@link #start} takes the
     * compilation if it is of the loadfile the parsed command line names, and compiles afresh otherwise.
     */
    static void headStart(String[] args) {
        // -Dloadtest.headStart=false: compile only once the command line is parsed (bench/startup.sh's baseline)
        if (args.length < 2 || !"worker".equals(args[0]) || !Boolean.parseBoolean(System.getProperty("loadtest.headStart", "true"))) {
            return;
        }
        String loadfile = null;
        for (int i = 1; i < args.length && loadfile == null; i++) {
            String a = args[i];
            if ((a.equals("-f") || a.equals("--loadfile")) && i + 1 < args.length) {
                loadfile = args[i + 1];
            } else if (a.startsWith("--loadfile=")) {
                loadfile = a.substring("--loadfile=".length());
            } else if (a.equals("--")) {
                break;
            }
        }
        if (loadfile == null || loadfile.isBlank()) {
            return;
        }
        try {
            Path path = Path.of(loadfile);
            HEAD_START.set(new HeadStart(path, compileInBackground(path)));
        } catch (java.nio.file.InvalidPathException e) {
            // picocli reports it when it parses the command line
        }
    }

    /** A head start's compilation waits to be taken by {@link #start}. */
    static boolean headStartPending() {
        return HEAD_START.get() != null;
    }

    private static CompletableFuture<LoadfileModel> takeHeadStart(Path loadfile) {
        HeadStart early = HEAD_START.getAndSet(null);
        return early != null && early.loadfile().equals(loadfile) ? early.loading() : null;
    }

    private static CompletableFuture<LoadfileModel> compileInBackground(Path loadfile) {
        CompletableFuture<LoadfileModel> loading = new CompletableFuture<>();
        Thread.ofPlatform().name("loadfile-compiler").daemon().start(() -> {
            try {
                loading.complete(LoadfileModel.of(Loadfiles.compileForWorker(loadfile)));
            } catch (Throwable e) {
                loading.completeExceptionally(e);
            }
        });
        return loading;
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
