package dev.loadtest.runner.cli;

import dev.loadtest.runner.target.SampleTarget;

import java.io.PrintStream;

/** What the bundled target says about the run, for a user to hold the engine's figures against. */
final class SampleTargets {

    private SampleTargets() {
    }

    static void reportServed(SampleTarget target, PrintStream out) {
        out.println("The sample target served " + target.served() + " requests (the Aggregated row counts what "
                + "completed; requests still in flight when users were stopped are not counted, as in Locust: "
                + "use --stop-timeout to let them finish).");
    }
}
