package dev.loadtest.api.report;

/**
 * What the HTML report says about the run besides its statistics.
 *
 * @param host           the target host, or null when none was given (shown as "None", as Locust does)
 * @param loadfile       the loadfile's name or description
 * @param users          the requested number of users, for the {u} file-name placeholder
 * @param spawnRate      users started per second, for {r}
 * @param runTimeSeconds the configured run time, or the actual duration when none was configured, for {t}
 */
public record ReportInfo(String host, String loadfile, long startMillis, long endMillis, int users,
                         double spawnRate, long runTimeSeconds) {
}
