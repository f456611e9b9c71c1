package dev.loadtest.runner.cli;

import dev.loadtest.api.report.ConsoleReport;
import dev.loadtest.api.report.HtmlReport;
import dev.loadtest.api.results.PersistedRun;
import dev.loadtest.runner.results.ClusterRuns;
import dev.loadtest.runner.results.ResultsUnavailable;
import dev.loadtest.runner.results.RunReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code loadtest report NAMESPACE/NAME [RUN_ID] --csv PREFIX --html FILE}: Locust's files for a finished cluster
 * run, from the results the operator keeps, written by the same code as a local run's {@code --csv} and
 * {@code --html}. Without --csv or --html, prints the run's summary tables.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes Locust's CSV files and HTML report of a finished cluster run, from the results the "
                + "operator keeps (read with your kubeconfig).")
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAMESPACE/NAME",
            description = "The LoadTest (NAME alone: the kubeconfig context's namespace); NAMESPACE/NAME/RUN_ID also works.")
    String loadTest;

    @Parameters(index = "1", arity = "0..1", paramLabel = "RUN_ID",
            description = "The run (status.runId or one in status.history); default: the latest run.")
    String runId;

    @Option(names = "--csv", paramLabel = "PREFIX",
            description = "Write PREFIX_stats.csv, PREFIX_stats_history.csv, PREFIX_failures.csv and PREFIX_exceptions.csv.")
    String csvPrefix;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Write the HTML report ({u}, {r} and {t} are replaced by users, spawn rate and run time).")
    String htmlFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RunReference ref;
        try {
            ref = RunReference.parse(loadTest);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (runId != null) {
            if (ref.runId() != null && !ref.runId().equals(runId)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "two runs given: " + ref.runId()
                        + " in " + loadTest + " and " + runId + "; give one");
            }
            ref = ref.withRun(runId);
        }
        PersistedRun run;
        try (ClusterRuns runs = ClusterRuns.fromKubeconfig()) {
            run = runs.fetch(ref);
        } catch (ResultsUnavailable e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        System.out.println("Run " + run.reference() + ": " + run.phase() + " (" + run.reason() + ") " + run.message());
        if (!run.complete()) {
            System.out.println("Note: some runners' figures were lost before the run ended; these are the rest.");
        }
        if (run.foldedEndpoints() > 0) {
            System.out.println("Note: the " + run.foldedEndpoints() + " least requested endpoints are folded into one"
                    + " row (the results' size limit); the Aggregated row is exact.");
        }
        if (csvPrefix == null && htmlFile == null) {
            System.out.print(ConsoleReport.summary(run.stats(), run.startEpochMillis()));
            return 0;
        }
        if (csvPrefix != null) {
            for (Map.Entry<String, String> file : Map.of("_stats.csv", run.statsCsv(),
                    "_stats_history.csv", run.statsHistoryCsv(), "_failures.csv", run.failuresCsv(),
                    "_exceptions.csv", run.exceptionsCsv()).entrySet()) {
                Files.writeString(Path.of(csvPrefix + file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
            System.out.println("Wrote " + csvPrefix + "_stats.csv, _stats_history.csv, _failures.csv, _exceptions.csv");
        }
        if (htmlFile != null) {
            Path html = Path.of(HtmlReport.fileName(htmlFile, run.reportInfo()));
            Files.writeString(html, run.html(), StandardCharsets.UTF_8);
            System.out.println("Wrote " + html);
        }
        return 0;
    }
}
