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
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new SimpleFormatter());
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
    }
}
