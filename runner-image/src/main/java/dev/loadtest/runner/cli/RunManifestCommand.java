package dev.loadtest.runner.cli;

import dev.loadtest.api.HttpVersion;
import dev.loadtest.runner.loadfile.LoadfileModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Runs a LoadTest manifest in this process: the same YAML that goes to the cluster (or to Git), tried on a
 * laptop first. Thresholds are judged as the operator judges them; the exit code is 0 when they are met.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a LoadTest manifest (loadtest.dev/v1alpha1) locally, thresholds included.")
final class RunManifestCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MANIFEST.yaml", description = "The LoadTest manifest.")
    Path manifest;

    @Option(names = {"-H", "--host"}, description = "Override spec.host.")
    String host;

    @Option(names = "--csv", paramLabel = "PREFIX", description = "Write Locust's CSV files.")
    String csvPrefix;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report.")
    String htmlFile;

    @Option(names = "--http-version", paramLabel = "1.1|2", converter = Main.HttpVersionConverter.class,
            description = "Override spec.httpVersion: HttpUser's protocol, 1.1 or 2.")
    HttpVersion httpVersion;

    @Option(names = {"-k", "--insecure"}, description = "Skip TLS verification in HttpUser, as spec.insecureSkipTlsVerify.")
    boolean insecure;

    @Option(names = "--sample-target", description = "Start the bundled sample shop API and use it as the host.")
    boolean sampleTarget;

    @Option(names = {"-L", "--loglevel"}, defaultValue = "INFO")
    String logLevel;

    @Override
    public Integer call() throws Exception {
        Logging.configure(logLevel);
        LocalManifest local = LocalManifest.read(manifest);
        local.warnings().forEach(w -> System.out.println("note: " + w));
        LoadfileModel model = LoadfileModel.of(local.compile()).select(local.spec().getUserClasses());
        String manifestHost = host != null ? host : local.spec().getHost();
        return SampleTargets.runAgainst(sampleTarget, manifestHost, System.out, effectiveHost ->
                new LocalRun(local.settings(model, effectiveHost, csvPrefix, htmlFile, httpVersion,
                        insecure), System.out).run());
    }
}
