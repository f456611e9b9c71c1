package dev.loadtest.runner.web;

import dev.loadtest.api.report.OpenModelReport;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.ExceptionStats;
import dev.loadtest.api.stats.FailureStats;
import dev.loadtest.api.stats.OpenModelStats;
import dev.loadtest.api.stats.StatsSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON bodies of Locust's web API, built from a snapshot: the keys of Locust 2.12 (what Debian ships, and
 * what {@code LocustWebApiIT} compares against) plus the keys later Locust versions added, so that scripts
 * written against either read them. Values are our exact figures: percentiles to 3 significant digits in
 * milliseconds with decimals, where Locust rounds to whole milliseconds.
 */
final class LocustApi {

    /** Locust lists at most this many rows (and errors) in {@code /stats/requests}. */
    static final int MAX_ROWS = 500;

    private LocustApi() {
    }

    /**
     * {@code GET /stats/requests}.
     *
     * @param state        Locust's state name: ready, spawning, running, stopping, stopped
     * @param currentP50Ms the median of the last ~10 s (Locust's current_response_time_percentile_50)
     * @param currentP95Ms the same for p95
     */
    static Map<String, Object> statsRequests(StatsSnapshot s, String state, int userCount, double currentP50Ms,
                                             double currentP95Ms) {
        EndpointStats total = s.total();
        long start = total.startTimeEpochMillis();
        long last = total.lastRequestEpochMillis();
        long now = s.timestampEpochMillis();
        List<Map<String, Object>> rows = new ArrayList<>();
        s.entries().stream().sorted(Comparator.comparing(EndpointStats::key)).limit(MAX_ROWS)
                .forEach(e -> rows.add(row(e, start, last, now)));
        rows.add(row(total, start, last, now));
        List<Map<String, Object>> errors = new ArrayList<>();
        s.failures().stream().sorted(Comparator.comparing(FailureStats::occurrences).reversed()).limit(MAX_ROWS)
                .forEach(f -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("method", f.method());
                    e.put("name", f.name());
                    e.put("error", f.error());
                    e.put("occurrences", f.occurrences());
                    errors.add(e);
                });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stats", rows);
        body.put("errors", errors);
        body.put("total_rps", total.totalRps(start, last));
        body.put("total_fail_per_sec", total.totalFailPerSec(start, last));
        body.put("fail_ratio", total.failRatio());
        body.put("current_rps", total.currentRps(start, now));
        body.put("current_fail_per_sec", total.currentFailPerSec(start, now));
        body.put("current_response_time_percentile_50", currentP50Ms);
        body.put("current_response_time_percentile_95", currentP95Ms);
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("response_time_percentile_0.5", currentP50Ms);
        current.put("response_time_percentile_0.95", currentP95Ms);
        body.put("current_response_time_percentiles", current);
        body.put("state", state);
        body.put("user_count", userCount);
        body.put("user_classes", s.userClassCounts());
        if (s.openModel() != null) {
            body.put("open_model", openModel(s));
        }
        return body;
    }

    /**
     * Our extension, only for an open-model run: its iteration counts and, per row and Aggregated, the percentiles
     * of {@link OpenModelReport#SIDE_BY_SIDE_PERCENTILES} raw (from when each request was sent) beside corrected for
     * coordinated omission (from its iteration's intended start), in ms. Locust has no such key.
     */
    static Map<String, Object> openModel(StatsSnapshot s) {
        OpenModelStats open = s.openModel();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("arrival_rate", open.arrivalRate());
        body.put("iterations", open.iterations());
        body.put("dropped", open.dropped());
        body.put("percentiles", OpenModelReport.SIDE_BY_SIDE_PERCENTILES);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<OpenModelReport.SideBySide> all = OpenModelReport.sideBySide(s);
        List<OpenModelReport.SideBySide> shown = new ArrayList<>(all.subList(0, Math.min(MAX_ROWS, all.size() - 1)));
        shown.add(all.getLast()); // Aggregated, as the stats table keeps it whatever the number of rows
        for (OpenModelReport.SideBySide r : shown) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("method", r.key().method());
            row.put("name", r.key().name());
            row.put("num_requests", r.raw().numRequests());
            row.put("raw_ms", OpenModelReport.SIDE_BY_SIDE_PERCENTILES.stream().map(r::rawMs).toList());
            row.put("corrected_num_requests", r.corrected().numRequests());
            row.put("corrected_ms", OpenModelReport.SIDE_BY_SIDE_PERCENTILES.stream().map(r::correctedMs).toList());
            rows.add(row);
        }
        body.put("stats", rows);
        return body;
    }

    private static Map<String, Object> row(EndpointStats e, long start, long last, long now) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("method", e.key().method());
        r.put("name", e.key().name());
        r.put("safe_name", e.key().name());
        r.put("num_requests", e.numRequests());
        r.put("num_failures", e.numFailures());
        r.put("avg_response_time", e.avgResponseTimeMs());
        r.put("min_response_time", e.numRequests() == 0 ? 0 : e.minResponseTimeMs());
        r.put("max_response_time", e.maxResponseTimeMs());
        r.put("current_rps", e.currentRps(start, now));
        r.put("current_fail_per_sec", e.currentFailPerSec(start, now));
        r.put("median_response_time", e.medianMs());
        r.put("ninetieth_response_time", e.percentileMs(0.90));
        r.put("ninety_ninth_response_time", e.percentileMs(0.99));
        r.put("response_time_percentile_0.95", e.percentileMs(0.95));
        r.put("response_time_percentile_0.99", e.percentileMs(0.99));
        r.put("avg_content_length", e.avgContentLength());
        r.put("total_rps", e.totalRps(start, last));
        r.put("total_fail_per_sec", e.totalFailPerSec(start, last));
        return r;
    }

    /** {@code GET /exceptions}: nodes joined as Locust joins them ("local", or worker ids). */
    static Map<String, Object> exceptions(StatsSnapshot s) {
        List<Map<String, Object>> list = new ArrayList<>();
        s.exceptions().stream().sorted(Comparator.comparingLong(ExceptionStats::count).reversed()).forEach(x -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("count", x.count());
            e.put("msg", x.message());
            e.put("traceback", x.traceback());
            e.put("nodes", String.join(", ", x.nodes()));
            list.add(e);
        });
        return Map.of("exceptions", list);
    }

    /** The reply to {@code POST /swarm}. */
    static Map<String, Object> swarmReply(boolean success, String message, String host, Double runTimeSeconds) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("success", success);
        r.put("message", message);
        r.put("host", host);
        if (runTimeSeconds != null) {
            r.put("run_time", Math.round(runTimeSeconds));
        }
        return r;
    }

    /** Locust's lower-case state names. */
    static String state(String runnerState) {
        return runnerState.toLowerCase(Locale.ROOT);
    }
}
