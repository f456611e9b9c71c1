package dev.loadtest.runner.cli;

import dev.loadtest.CustomOption;
import dev.loadtest.api.HttpVersion;
import dev.loadtest.api.Timespan;
import dev.loadtest.runner.loadfile.LoadfileException;
import dev.loadtest.runner.loadfile.LoadfileModel;
import picocli.CommandLine;
import dev.loadtest.runner.web.WebRun;
import dev.loadtest.runner.web.WebUiOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * The runner's command line, compatible with Locust's: {@code loadtest -f ShopUser.java -u 50 -r 10 -t 30s
 * --headless -H http://...}. Custom options declared by the loadfile ({@link CustomOption}) become flags, so
 * the loadfile is compiled before the flags are checked; an unknown or invalid flag exits 2.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs a load test locally, like 'locust': with --headless at once, else from the web UI at "
                + "http://127.0.0.1:8089.",
        subcommands = {RunManifestCommand.class, WorkerCommand.class, SampleTargetCommand.class, ReportCommand.class,
                CompareCommand.class, AotTrainingCommand.class})
public final class Main implements Callable<Integer> {

    @Option(names = {"-f", "--loadfile", "--locustfile"}, paramLabel = "FILE",
            description = "The loadfile: a .java file, a folder of .java files, or a .jar.")
    Path loadfile;

    @Option(names = {"-u", "--users"}, defaultValue = "1", description = "Peak number of concurrent users (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = {"-r", "--spawn-rate"}, defaultValue = "1", description = "Users started per second (default ${DEFAULT-VALUE}).")
    double spawnRate;

    @Option(names = "--arrival-rate", paramLabel = "R", description = "Open model (not in Locust): start R iterations "
            + "(task runs) per second whether or not earlier ones have finished; -u is then the ceiling of concurrent "
            + "users, and iterations that find every user busy are dropped and counted. Response times are also "
            + "reported corrected for coordinated omission.")
    Double arrivalRate;

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

    @Option(names = {"-k", "--insecure"}, description = "HttpUser and FastHttpUser skip TLS certificate and host name verification "
            + "(Locust's verify=False), for targets with self-signed certificates.")
    boolean insecure;

    @Option(names = "--headless", description = "Run without the web UI: start at once, print the tables, quit at the run time.")
    boolean headless;

    @Mixin
    WebUiOptions web;

    @Option(names = "--csv", paramLabel = "PREFIX", description = "Write PREFIX_stats.csv, PREFIX_stats_history.csv, PREFIX_failures.csv and PREFIX_exceptions.csv.")
    String csvPrefix;

    @Option(names = "--csv-full-history", description = "With --csv: the history file gets a row per endpoint "
            + "every second, then the Aggregated row (percentiles of the last 10 s), as Locust's.")
    boolean csvFullHistory;

    @Option(names = "--print-stats", description = "Accepted for compatibility: the tables are printed every 2 s "
            + "unless --only-summary or --json.")
    boolean printStats;

    @Option(names = "--only-summary", description = "Print only the summary at the end, not the tables every 2 s.")
    boolean onlySummary;

    @Option(names = "--json", description = "Print the final statistics as JSON on stdout instead of the tables "
            + "(everything else goes to stderr).")
    boolean json;

    @Option(names = "--reset-stats", description = "Reset the statistics once every user is spawned.")
    boolean resetStats;

    @Option(names = {"-i", "--iterations"}, paramLabel = "N", description = "Stop after N task runs in all "
            + "(locust-plugins' -i): users stop at their next task once N have started, then the test ends.")
    Integer iterations;

    @Option(names = {"-l", "--list"}, description = "List the loadfile's user classes and exit.")
    boolean list;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file with Locust's keys (key = value, "
            + "long flag names without dashes). Default: ~/.locust.conf, then ./locust.conf. The environment "
            + "(LOCUST_USERS, ...) beats the file; the command line beats both.")
    Path config;

    @Option(names = "--logfile", paramLabel = "FILE", description = "Write the log to this file instead of stderr.")
    Path logfile;

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
        WorkerCommand.headStart(args); // a runner pod's loadfile compiles while the command line is parsed
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(LocustConfig.Sources.ofProcess(), args);
    }

    /** Runs with the environment and the config files of {@code sources} (tests pass their own). */
    static int run(LocustConfig.Sources sources, String... args) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return e instanceof LoadfileException ? 1 : 2;
        });
        if (isSubcommand(args)) {
            return cli.execute(args);
        }
        List<String> effective;
        Map<String, LocustConfig.Setting> settings;
        try {
            for (String a : args) {
                Optional<String> unsupported = a.startsWith("--") ? UnsupportedLocustFlags.check(a) : Optional.empty();
                if (unsupported.isPresent()) {
                    System.err.println("error: " + unsupported.get());
                    return 2;
                }
            }
            settings = LocustConfig.read(args, sources);
            for (LocustConfig.Setting setting : settings.values()) {
                Optional<String> unsupported = UnsupportedLocustFlags.check(setting.key());
                if (unsupported.isPresent() && !isOff(setting)) {
                    System.err.println("error: " + unsupported.get() + " (set by " + setting.origin() + ")");
                    return 2;
                }
            }
        } catch (LocustConfig.ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        Path prescanned = prescanLoadfile(args);
        if (prescanned == null) {
            LocustConfig.Setting fromConfig = null;
            for (LocustConfig.Setting s : settings.values()) { // the environment's come after the file's
                if (s.key().equals("locustfile") || s.key().equals("loadfile")) {
                    fromConfig = s;
                }
            }
            prescanned = fromConfig == null ? null : sources.workingDirectory().resolve(fromConfig.value());
        }
        if (prescanned != null) {
            try {
                main.model = LoadfileModel.of(Loadfiles.compile(prescanned));
            } catch (LoadfileException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            main.model.customOptions().values().forEach(o -> addCustomOption(cli.getCommandSpec(), o));
        }
        try {
            effective = new ArrayList<>(configArguments(cli.getCommandSpec(), settings.values(), args, sources));
        } catch (LocustConfig.ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        effective.addAll(List.of(args));
        return cli.execute(effective.toArray(String[]::new));
    }

    private static boolean isOff(LocustConfig.Setting setting) {
        String v = setting.value().strip().toLowerCase(java.util.Locale.ROOT);
        return v.equals("false") || v.equals("no") || v.equals("off") || v.equals("0") || v.isEmpty();
    }

    /**
     * The settings of the config file and the environment as flags, placed before the command line's; a flag the
     * command line gives itself is left out, so that the command line wins. An unknown key in a config file is an
     * error naming the file and line; an unknown LOCUST_ variable is not (the environment holds other things).
     */
    private static List<String> configArguments(CommandSpec spec, Iterable<LocustConfig.Setting> settings,
                                                String[] args, LocustConfig.Sources sources) {
        // one value per option: a key spelled by another of its names (locustfile, loadfile) in the environment
        // replaces the file's, as the environment comes later
        Map<OptionSpec, LocustConfig.Setting> byOption = new java.util.LinkedHashMap<>();
        for (LocustConfig.Setting s : settings) {
            if (s.key().equals("config")) {
                continue;
            }
            OptionSpec option = spec.findOption("--" + s.key());
            if (option == null) {
                if (s.origin().startsWith(LocustConfig.ENVIRONMENT)) {
                    continue;
                }
                throw new LocustConfig.ConfigException("unknown setting '" + s.key() + "' in " + s.origin()
                        + ": keys are long flag names without dashes, e.g. users = 10, spawn-rate = 2, run-time = 1m");
            }
            if (!givenOnCommandLine(option, args)) {
                byOption.put(option, s);
            }
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<OptionSpec, LocustConfig.Setting> e : byOption.entrySet()) {
            OptionSpec option = e.getKey();
            LocustConfig.Setting s = e.getValue();
            String flag = option.longestName();
            if (option.typeInfo().isBoolean()) {
                if (LocustConfig.booleanValue(s)) {
                    out.add(flag);
                }
            } else if (option.isMultiValue()) {
                List<String> items = LocustConfig.listValue(s.value());
                if (!items.isEmpty()) {
                    out.add(flag);
                    out.addAll(items);
                }
            } else if (option.type() == Path.class) {
                out.add(flag + "=" + sources.workingDirectory().resolve(s.value()));
            } else {
                out.add(flag + "=" + s.value());
            }
        }
        return out;
    }

    private static boolean givenOnCommandLine(OptionSpec option, String[] args) {
        for (String a : args) {
            for (String name : option.names()) {
                if (a.equals(name) || a.startsWith(name + "=")
                        || (name.length() == 2 && !name.startsWith("--") && a.startsWith(name) && a.length() > 2
                        && !a.startsWith("--"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void addCustomOption(CommandSpec spec, CustomOption o) {
        spec.addOption(OptionSpec.builder("--" + o.name()).paramLabel("VALUE").type(String.class)
                .defaultValue(o.defaultValue().isEmpty() ? null : o.defaultValue())
                .description(o.description().isEmpty() ? "Custom option of the loadfile." : o.description()).build());
    }

    @Override
    public Integer call() throws Exception {
        Logging.configure(logLevel, logfile);
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
        if (list) {
            System.out.println("Available Users:");
            model.userClasses().forEach(u -> System.out.println("    " + u.name()));
            return 0;
        }
        if (arrivalRate != null && !(arrivalRate >= 0 && Double.isFinite(arrivalRate))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--arrival-rate must be 0 or more iterations "
                    + "per second, got " + arrivalRate);
        }
        if (iterations != null && iterations < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-i/--iterations must be at least 1, got "
                    + iterations);
        }
        LoadfileModel selected = model.select(userClasses);
        LocalRun.Flags flags = new LocalRun.Flags(csvFullHistory, onlySummary, json, resetStats, iterations);
        // with --json, stdout carries the JSON alone
        return SampleTargets.runAgainst(sampleTarget, host, json ? System.err : System.out, effectiveHost -> {
            LocalRun.Settings settings = new LocalRun.Settings(selected, users, spawnRate, effectiveHost, tags,
                    excludeTags, selected.resolveOptions(options, "--"), runTimeSeconds, stopTimeoutSeconds, csvPrefix,
                    htmlFile, exitCodeOnError, List.of(), httpVersion, insecure, null, arrivalRate);
            return headless ? new LocalRun(settings, System.out, metricsPort, flags).run()
                    : new WebRun(settings, web, System.out, metricsPort).run();
        });
    }

    private static boolean isSubcommand(String[] args) {
        return args.length > 0 && List.of("run", "worker", "sample-target", "report", "compare").contains(args[0]);
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
