package dev.loadtest.runner.web;

import dev.loadtest.runner.cli.Main;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Our runner's web UI as {@code loadtest -f FILE --web-port P --autoquit N} runs it, in this JVM: it quits N
 * seconds after a test started from the page has stopped, so {@link #close} stops the test and waits for the
 * exit code.
 */
final class OurWebUi implements AutoCloseable {

    final WebClient client;
    final int port;
    private final CompletableFuture<Integer> exit;

    private OurWebUi(int port, CompletableFuture<Integer> exit) {
        this.port = port;
        this.exit = exit;
        this.client = new WebClient("http://127.0.0.1:" + port);
    }

    static OurWebUi start(int autoquitSeconds, String... args) throws Exception {
        int port = LocustWebUi.freePort();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--web-port", String.valueOf(port), "--autoquit", String.valueOf(autoquitSeconds)));
        // its own thread, as `loadtest` runs on main: a run started from the common pool can starve HttpUser
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> exit.complete(Main.run(all.toArray(String[]::new))));
        OurWebUi ui = new OurWebUi(port, exit);
        ui.client.awaitUp(Duration.ofSeconds(60), null);
        return ui;
    }

    /** Stops the test (if one runs) and returns the runner's exit code. */
    int stopAndAwaitExit() throws Exception {
        client.get("/stop");
        return exit.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            stopAndAwaitExit();
        }
    }
}
