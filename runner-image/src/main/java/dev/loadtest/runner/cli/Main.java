package dev.loadtest.runner.cli;

import dev.loadtest.CustomOption;
import dev.loadtest.api.HttpVersion;
import dev.loadtest.api.Timespan;
import dev.loadtest.runner.loadfile.LoadfileException;
import dev.loadtest.runner.loadfile.LoadfileModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * The runner's command line, compatible with Locust's: {@code loadtest -f ShopUser.java -u 50 -r 10 -t 30s
 * --headless -H http://...}. Custom options declared by the loadfile ({@link CustomOption}) become flags, so
 * the loadfile is compiled before the flags are checked; an unknown or invalid flag exits 2.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs a load test locally, like 'locust --headless'.",
        subcommands = {RunManifestCommand.class, WorkerCommand.class, SampleTargetCommand.class})
public final class Main implements Callable<Integer> {

    @Option(names = {"-f", "--loadfile", "--locustfile"}, paramLabel = "FILE",
            description = "The loadfile: a .java file, a folder of .java files, or a .jar.")
    Path loadfile;

    @Option(names = {"-u", "--users"}, defaultValue = "1", description = "Peak number of concurrent users (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = {"-r", "--spawn-rate"}, defaultValue = "1", description = "Users started per second (default ${DEFAULT-VALUE}).")
    double spawnRate;

    @Option(names = {"-H", "--host"}, description = "Base URL of the system under test, e.g. http://localhost:8080.")
    String host;

    @Option(names = {"-t", "--run-time"}, converter = TimespanConverter.class,
            description = "Stop after this long, e.g. 300s, 20m, 1h30m (default: run until Ctrl-C).")
    Double runTimeSeconds;

    @Option(names = {"-T", "--tags"}, arity = "1..*", description = "Only run tasks with one of these tags.")
    List<String> tags;

    @Option(names = {"-E", "--exclude-tags"}, arity = "1..*", description = "Don't run tasks with any of these tags.")
    List<String> excludeTags;

    @Option(names = "--http-version", paramLabel = "1.1|2", defaultValue = "1.1", converter = HttpVersionConverter.class,
            description = "HttpUser's protocol: 1.1 (default, the faster for plain-HTTP load) or 2 (HTTP/2 via ALPN over "
                    + "https; over http only if the server accepts an h2c upgrade). FastHttpUser always uses HTTP/1.1.")
    HttpVersion httpVersion;

    @Option(names = {"-k", "--insecure"}, description = "HttpUser skips TLS certificate and host name verification "
            + "(Locust's verify=False), for targets with self-signed certificates.")
    boolean insecure;

    @Option(names = "--headless", description = "Accepted for compatibility: this runner has no web UI and always runs headless.")
    boolean headless;

    @Option(names = "--csv", paramLabel = "PREFIX", description = "Write PREFIX_stats.csv, PREFIX_stats_history.csv, PREFIX_failures.csv and PREFIX_exceptions.csv.")
    String csvPrefix;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report ({u}, {r}, {t} are replaced).")
    String htmlFile;

    @Option(names = {"-s", "--stop-timeout"}, defaultValue = "0", converter = TimespanConverter.class,
            description = "How long users may finish their current task when stopping (default 0: at once).")
    double stopTimeoutSeconds;

    @Option(names = "--exit-code-on-error", defaultValue = "1", description = "Exit code when there were failures or exceptions (default ${DEFAULT-VALUE}).")
    int exitCodeOnError;

    @Option(names = {"-L", "--loglevel"}, defaultValue = "INFO", description = "DEBUG, INFO, WARNING, ERROR or CRITICAL.")
    String logLevel;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics while the test runs.")
    Integer metricsPort;

    @Option(names = "--sample-target", description = "Start the bundled sample shop API on 127.0.0.1 and use it as the host.")
    boolean sampleTarget;

    @Parameters(paramLabel = "UserClass", arity = "0..*", description = "Only run these user classes.")
    List<String> userClasses;

    @Spec
    CommandSpec spec;

    private LoadfileModel model;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return e instanceof LoadfileException ? 1 : 2;
        });
        Path prescanned = prescanLoadfile(args);
        if (prescanned != null && !isSubcommand(args)) {
            try {
                main.model = LoadfileModel.of(Loadfiles.compile(prescanned));
            } catch (LoadfileException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            main.model.customOptions().values().forEach(o -> addCustomOption(cli.getCommandSpec(), o));
        }
        return cli.execute(args);
    }

    private static void addCustomOption(CommandSpec spec, CustomOption o) {
        spec.addOption(OptionSpec.builder("--" + o.name()).paramLabel("VALUE").type(String.class)
                .defaultValue(o.defaultValue().isEmpty() ? null : o.defaultValue())
                .description(o.description().isEmpty() ? "Custom option of the loadfile." : o.description()).build());
    }

    @Override
    public Integer call() throws Exception {
        Logging.configure(logLevel);
        if (loadfile == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Missing loadfile: pass -f FILE (a .java file, a folder of .java files or a .jar), or use "
                            + "'loadtest run MANIFEST.yaml'");
        }
        Map<String, String> options = new TreeMap<>();
        for (String name : model.customOptions().keySet()) {
            String value = spec.findOption("--" + name).getValue();
            if (value != null) {
                options.put(name, value);
            }
        }
        LoadfileModel selected = model.select(userClasses);
        return SampleTargets.runAgainst(sampleTarget, host, System.out, effectiveHost -> new LocalRun(
                new LocalRun.Settings(selected, users, spawnRate, effectiveHost, tags, excludeTags,
                        selected.resolveOptions(options, "--"), runTimeSeconds, stopTimeoutSeconds, csvPrefix, htmlFile,
                        exitCodeOnError, List.of(), httpVersion, insecure), System.out, metricsPort).run());
    }

    private static boolean isSubcommand(String[] args) {
        return args.length > 0 && List.of("run", "worker", "sample-target").contains(args[0]);
    }

    /** Finds -f/--loadfile before parsing, because the loadfile declares flags of its own. */
    static Path prescanLoadfile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            for (String flag : List.of("-f", "--loadfile", "--locustfile")) {
                if (a.equals(flag) && i + 1 < args.length) {
                    return Path.of(args[i + 1]);
                }
                if (a.startsWith(flag + "=")) {
                    return Path.of(a.substring(flag.length() + 1));
                }
            }
            if (a.startsWith("-f") && a.length() > 2 && !a.startsWith("--")) {
                return Path.of(a.substring(2));
            }
        }
        return null;
    }

    /** "1.1" or "2" for --http-version; anything else exits 2 naming the flag and the accepted values. */
    public static final class HttpVersionConverter implements CommandLine.ITypeConverter<HttpVersion> {
        @Override
        public HttpVersion convert(String value) {
            try {
                return HttpVersion.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Locust's timespans for -t and --stop-timeout. */
    public static final class TimespanConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                return Timespan.parseSeconds(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
