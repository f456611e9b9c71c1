package dev.loadtest.runner.cli;

import dev.loadtest.api.HttpVersion;
import dev.loadtest.runner.loadfile.LoadfileModel;
import dev.loadtest.runner.web.WebRun;
import dev.loadtest.runner.web.WebUiOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Runs a LoadTest manifest in this process: the same YAML that goes to the cluster (or to Git), tried on a
 * laptop first. Thresholds are judged as the operator judges them; the exit code is 0 when they are met.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a LoadTest manifest (loadtest.dev/v1alpha1) locally, thresholds included: with "
                + "--headless at once, else from the web UI.")
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

    @Option(names = {"-k", "--insecure"}, description = "Skip TLS verification in HttpUser and FastHttpUser, as spec.insecureSkipTlsVerify.")
    boolean insecure;

    @Option(names = "--sample-target", description = "Start the bundled sample shop API and use it as the host.")
    boolean sampleTarget;

    @Option(names = {"-L", "--loglevel"}, defaultValue = "INFO")
    String logLevel;

    @Option(names = "--headless", description = "Run without the web UI: start at once and exit with the verdict.")
    boolean headless;

    @Mixin
    WebUiOptions web;

    @Override
    public Integer call() throws Exception {
        Logging.configure(logLevel);
        LocalManifest local = LocalManifest.read(manifest);
        local.warnings().forEach(w -> System.out.println("note: " + w));
        LoadfileModel model = LoadfileModel.of(local.compile()).select(local.spec().getUserClasses());
        String manifestHost = host != null ? host : local.spec().getHost();
        return SampleTargets.runAgainst(sampleTarget, manifestHost, System.out, effectiveHost -> {
            LocalRun.Settings settings = local.settings(model, effectiveHost, csvPrefix, htmlFile, httpVersion, insecure);
            return headless ? new LocalRun(settings, System.out).run()
                    : new WebRun(settings, web, System.out, null).run();
        });
    }
}
