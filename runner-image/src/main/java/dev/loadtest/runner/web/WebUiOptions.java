package dev.loadtest.runner.web;

import picocli.CommandLine.Option;

/**
 * Locust's web UI flags, shared by {@code loadtest -f ...} and {@code loadtest run MANIFEST}: a run without
 * {@code --headless} serves the UI on {@code --web-host}:{@code --web-port} and waits for a start from the page
 * (or starts at once with {@code --autostart}).
 */
public final class WebUiOptions {

    @Option(names = "--web-host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address the web UI listens on (default ${DEFAULT-VALUE}; 0.0.0.0 serves every interface, "
                    + "without authentication).")
    public String webHost;

    @Option(names = {"--web-port", "-P"}, defaultValue = "8089", paramLabel = "PORT",
            description = "Port of the web UI (default ${DEFAULT-VALUE}; 0 picks a free port).")
    public int webPort;

    @Option(names = "--autostart", description = "Start the test at once with -u/-r/-H/-t, keeping the web UI open.")
    public boolean autostart;

    @Option(names = "--autoquit", paramLabel = "SECONDS", defaultValue = "-1",
            description = "Quit this many seconds after a test ends (with --autostart; default: keep the UI open).")
    public int autoquitSeconds;
}
