package dev.loadtest.runner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Locust's configuration outside the command line: a config file ({@code --config FILE}, else
 * {@code ~/.locust.conf} then {@code ./locust.conf}, the later file winning) with {@code key = value} lines whose
 * keys are the long flag names without dashes, and {@code LOCUST_*} environment variables. As in Locust
 * (ConfigArgParse), the command line beats the environment, which beats the file.
 */
final class LocustConfig {

    /** Where the settings come from, for tests and for error messages. */
    record Sources(Map<String, String> environment, Path home, Path workingDirectory) {
        static Sources ofProcess() {
            return new Sources(System.getenv(), Path.of(System.getProperty("user.home")),
                    Path.of("").toAbsolutePath());
        }
    }

    /** One setting: the long flag name (without dashes), its value, and where it was read. */
    record Setting(String key, String value, String origin) {
    }

    /** The origin of settings read from the environment; an unknown LOCUST_ variable there is no error. */
    static final String ENVIRONMENT = "environment variable ";

    /** Locust 2.12's variables whose names are not LOCUST_ and the flag's name. */
    private static final Map<String, String> IRREGULAR_VARIABLES = Map.of(
            "LOCUST_MODE_MASTER", "master", "LOCUST_MODE_WORKER", "worker",
            "LOCUST_MASTER_NODE_HOST", "master-host", "LOCUST_MASTER_NODE_PORT", "master-port",
            "LOCUST_USERCLASS_PICKER", "class-picker", "LOCUST_HATCH_RATE", "hatch-rate");

    private LocustConfig() {
    }

    /** The file settings, then the environment's over them; key order is first appearance. */
    static Map<String, Setting> read(String[] args, Sources sources) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (Path file : configFiles(args, sources)) {
            parseFile(file).forEach(s -> settings.put(s.key(), s));
        }
        sources.environment().forEach((name, value) -> {
            if (name.startsWith("LOCUST_") && name.length() > "LOCUST_".length() && !name.equals("LOCUST_CONFIG")) {
                String key = IRREGULAR_VARIABLES.getOrDefault(name,
                        name.substring("LOCUST_".length()).toLowerCase(Locale.ROOT).replace('_', '-'));
                settings.put(key, new Setting(key, value, ENVIRONMENT + name));
            }
        });
        return settings;
    }

    /** The environment variable Locust reads for {@code --name}: LOCUST_ and the name in upper snake case. */
    static String environmentVariable(String longName) {
        return "LOCUST_" + longName.replaceFirst("^--", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static List<Path> configFiles(String[] args, Sources sources) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("--config needs a file: --config locust.conf");
                }
                return List.of(existing(sources.workingDirectory().resolve(args[i + 1])));
            }
            if (args[i].startsWith("--config=")) {
                return List.of(existing(sources.workingDirectory().resolve(args[i].substring("--config=".length()))));
            }
        }
        String fromEnv = sources.environment().get("LOCUST_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return List.of(existing(sources.workingDirectory().resolve(fromEnv)));
        }
        List<Path> defaults = new ArrayList<>();
        for (Path p : List.of(sources.home().resolve(".locust.conf"), sources.workingDirectory().resolve("locust.conf"))) {
            if (Files.isRegularFile(p)) {
                defaults.add(p);
            }
        }
        return defaults;
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config " + file + ": no such file");
        }
        return file;
    }

    /** ConfigArgParse's default format: key = value, key: value, key value, or key alone (true); # and ; comment. */
    static List<Setting> parseFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        List<Setting> settings = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")
                    || line.startsWith("---")) {
                continue;
            }
            int split = -1;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                    split = i;
                    break;
                }
            }
            String key = split < 0 ? line : line.substring(0, split).strip();
            String value = split < 0 ? "true" : line.substring(split + 1).strip();
            if (value.startsWith("=") || value.startsWith(":")) {
                value = value.substring(1).strip();
            }
            settings.add(new Setting(key.replaceFirst("^--", ""), value, file + ":" + (n + 1)));
        }
        return settings;
    }

    /** A list value: {@code [a, b]} as ConfigArgParse writes lists, or words separated by commas or spaces. */
    static List<String> listValue(String value) {
        String v = value.strip();
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        List<String> items = new ArrayList<>();
        for (String item : v.split("[,\\s]+")) {
            String s = item.strip();
            if ((s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'")) && s.length() >= 2) {
                s = s.substring(1, s.length() - 1);
            }
            if (!s.isEmpty()) {
                items.add(s);
            }
        }
        return items;
    }

    /** True, false, or an error naming the setting. */
    static boolean booleanValue(Setting s) {
        return switch (s.value().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> throw new ConfigException(s.key() + " = " + s.value() + " (" + s.origin()
                    + "): use true or false");
        };
    }

    /** A bad config file or environment variable: exit 2 with this message. */
    static final class ConfigException extends RuntimeException {
        ConfigException(String message) {
            super(message);
        }
    }
}
