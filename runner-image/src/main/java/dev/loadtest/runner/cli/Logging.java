package dev.loadtest.runner.cli;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Locust's log levels on java.util.logging, one line per record. */
final class Logging {

    private Logging() {
    }

    static void configure(String locustLevel) {
        configure(locustLevel, null);
    }

    /** @param logfile Locust's --logfile: the log goes to this file instead of stderr; null for stderr */
    static void configure(String locustLevel, java.nio.file.Path logfile) {
        Level level = switch (locustLevel.toUpperCase(Locale.ROOT)) {
            case "DEBUG" -> Level.FINE;
            case "WARNING", "WARN" -> Level.WARNING;
            case "ERROR", "CRITICAL" -> Level.SEVERE;
            case "INFO" -> Level.INFO;
            default -> throw new IllegalArgumentException("--loglevel " + locustLevel
                    + ": use DEBUG, INFO, WARNING, ERROR or CRITICAL");
        };
        System.setProperty("java.util.logging.SimpleFormatter.format", "[%1$tF %1$tT] %4$s: %5$s%6$s%n");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        java.util.logging.Handler handler;
        try {
            handler = logfile == null ? new ConsoleHandler()
                    : new java.util.logging.FileHandler(logfile.toAbsolutePath().toString(), true);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--logfile " + logfile + ": " + e.getMessage(), e);
        }
        handler.setFormatter(new SimpleFormatter());
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
    }
}
