package dev.loadtest.operator.web;

import dev.loadtest.api.results.PersistedRun;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.RunRecord;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A finished run's Locust files, rendered from the results the operator persisted for it ({@link PersistedRun}) by
 * the code that writes {@code --csv} and {@code --html}: what the page offers under Download data. Pure.
 */
public final class RunDownloads {

    /** The files of a run, by the name in their URL. */
    public enum File {
        STATS("stats.csv", "Requests CSV", "text/csv; charset=utf-8", PersistedRun::statsCsv),
        HISTORY("stats_history.csv", "History CSV", "text/csv; charset=utf-8", PersistedRun::statsHistoryCsv),
        FAILURES("failures.csv", "Failures CSV", "text/csv; charset=utf-8", PersistedRun::failuresCsv),
        EXCEPTIONS("exceptions.csv", "Exceptions CSV", "text/csv; charset=utf-8", PersistedRun::exceptionsCsv),
        REPORT("report.html", "HTML report", "text/html; charset=utf-8", PersistedRun::html);

        final String urlName;
        final String label;
        final String contentType;
        private final Function<PersistedRun, String> render;

        File(String urlName, String label, String contentType, Function<PersistedRun, String> render) {
            this.urlName = urlName;
            this.label = label;
            this.contentType = contentType;
            this.render = render;
        }

        public String render(PersistedRun run) {
            return render.apply(run);
        }

        /** NAME_RUN_stats.csv, as {@code --csv NAME_RUN} names it (the report: NAME_RUN_report.html). */
        public String fileName(String loadTest, String runId) {
            return loadTest + "_" + runId + "_" + urlName;
        }

        public static Optional<File> of(String urlName) {
            return Arrays.stream(values()).filter(f -> f.urlName.equals(urlName)).findFirst();
        }
    }

    private RunDownloads() {
    }

    /**
     * The download links of the LoadTest's finished runs, newest first: the current run once it has finished, then
     * those of status.history, whose results the operator keeps as long as they are listed there.
     */
    public static List<Map<String, Object>> links(LoadTest lt) {
        LoadTestStatus status = lt.getStatus() == null ? new LoadTestStatus() : lt.getStatus();
        List<String> runs = new ArrayList<>();
        if (status.getRunId() != null && status.getCompletionTime() != null) {
            runs.add(status.getRunId());
        }
        if (status.getHistory() != null) {
            status.getHistory().stream().map(RunRecord::getRunId).filter(r -> r != null && !runs.contains(r))
                    .forEach(runs::add);
        }
        String base = "api/loadtests/" + encode(lt.getMetadata().getNamespace()) + "/"
                + encode(lt.getMetadata().getName()) + "/runs/";
        List<Map<String, Object>> links = new ArrayList<>();
        for (String run : runs) {
            List<Map<String, String>> files = new ArrayList<>();
            for (File f : File.values()) {
                files.add(Map.of("label", f.label, "file", f.urlName, "href", base + encode(run) + "/" + f.urlName));
            }
            Map<String, Object> link = new LinkedHashMap<>();
            link.put("runId", run);
            link.put("files", files);
            links.add(link);
        }
        return links;
    }

    /** Whether {@code runId} is one whose results the page offers (and so may be read for this LoadTest). */
    public static boolean offered(LoadTest lt, String runId) {
        return links(lt).stream().anyMatch(l -> runId.equals(l.get("runId")));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
