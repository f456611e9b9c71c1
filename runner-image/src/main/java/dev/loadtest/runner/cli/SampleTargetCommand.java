package dev.loadtest.runner.cli;

import dev.loadtest.runner.target.SampleTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** Serves the bundled sample shop API until the process is stopped. */
@Command(name = "sample-target", mixinStandardHelpOptions = true,
        description = "Serves the bundled sample shop API on 127.0.0.1, for trying loadfiles.")
final class SampleTargetCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Override
    public Integer call() throws Exception {
        try (SampleTarget target = SampleTarget.start(port, SampleTarget.Config.defaults())) {
            System.out.println("Sample target listening on " + target.baseUrl());
            Thread.currentThread().join();
        }
        return 0;
    }
}
