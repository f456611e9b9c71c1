package dev.loadtest.runner.cli;

import dev.loadtest.api.results.PersistedRun;
import dev.loadtest.api.results.RunComparison;
import dev.loadtest.runner.results.ClusterRuns;
import dev.loadtest.runner.results.ResultsUnavailable;
import dev.loadtest.runner.results.RunReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code loadtest compare RUN_A RUN_B}: per-endpoint deltas of run B against run A, from the kept results. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Prints per-endpoint deltas (requests, failures, rps, p50/p95/p99) of run B against run A, "
                + "from the results the operator keeps. A run is " + RunReference.FORMS + ".")
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_A", description = "The baseline run.")
    String runA;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "The run compared with it.")
    String runB;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RunReference a;
        RunReference b;
        try {
            a = RunReference.parse(runA);
            b = RunReference.parse(runB);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PersistedRun first;
        PersistedRun second;
        try (ClusterRuns runs = ClusterRuns.fromKubeconfig()) {
            first = runs.fetch(a);
            second = runs.fetch(b);
        } catch (ResultsUnavailable e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        System.out.print(RunComparison.render(label(first), label(second),
                RunComparison.deltas(first.stats(), second.stats())));
        return 0;
    }

    private static String label(PersistedRun run) {
        return run.reference() + " (" + run.phase() + ", " + Instant.ofEpochMilli(run.startEpochMillis()) + ", "
                + run.users() + " users)";
    }
}
