package dev.loadtest.runner.cli;

import dev.loadtest.runner.target.SampleTarget;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;

/** Serves the bundled sample shop API until the process is stopped. */
@Command(name = "sample-target", mixinStandardHelpOptions = true,
        description = "Serves the bundled sample shop API (on 127.0.0.1 unless --bind says otherwise), for trying loadfiles.")
final class SampleTargetCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default ${DEFAULT-VALUE}); 0.0.0.0 for all interfaces, e.g. in a pod "
                    + "that other pods send load to.")
    String bind;

    @Override
    public Integer call() throws Exception {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--bind " + bind + ": not an address to listen on (e.g. 127.0.0.1, 0.0.0.0 or the pod's IP)");
        }
        try (SampleTarget target = SampleTarget.start(address, port, SampleTarget.Config.defaults())) {
            System.out.println("Sample target listening on " + (address.isAnyLocalAddress()
                    ? "all interfaces, port " + target.port() : target.baseUrl()));
            Thread.currentThread().join();
        }
        return 0;
    }
}
