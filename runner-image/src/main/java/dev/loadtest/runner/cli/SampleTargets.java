package dev.loadtest.runner.cli;

import dev.loadtest.runner.target.SampleTarget;

import java.io.PrintStream;

/** Runs a local test with or without the bundled sample target as its host. */
final class SampleTargets {

    /** A local run given the host to use. */
    interface Run {
        int run(String host) throws Exception;
    }

    private SampleTargets() {
    }

    /**
     * With {@code sampleTarget}, starts the bundled target, runs against it, and says what it served;
     * otherwise runs against {@code host}.
     */
    static int runAgainst(boolean sampleTarget, String host, PrintStream out, Run run) throws Exception {
        if (!sampleTarget) {
            return run.run(host);
        }
        try (SampleTarget target = SampleTarget.start(0, SampleTarget.Config.defaults())) {
            out.println("Sample target listening on " + target.baseUrl());
            int code = run.run(target.baseUrl());
            out.println("The sample target served " + target.served() + " requests (the Aggregated row counts what "
                    + "completed; requests still in flight when users were stopped are not counted, as in Locust: "
                    + "use --stop-timeout to let them finish).");
            return code;
        }
    }
}
