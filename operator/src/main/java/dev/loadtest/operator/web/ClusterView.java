package dev.loadtest.operator.web;

import dev.loadtest.api.v1alpha1.EndpointSummary;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.RunSummary;
import dev.loadtest.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the cluster page's JSON API answers, from a LoadTest as the operator's cache holds it and the live figures
 * of its current run: the list of LoadTests and one LoadTest's page. Pure; the keys are the API (docs/web-ui.md).
 */
public final class ClusterView {

    private ClusterView() {
    }

    /** {@code GET /api/loadtests}: every watched LoadTest, by namespace and name. */
    public static Map<String, Object> list(List<LoadTest> loadTests, LiveRuns live) {
        List<Map<String, Object>> items = loadTests.stream()
                .sorted(Comparator.comparing((LoadTest lt) -> lt.getMetadata().getNamespace())
                        .thenComparing(lt -> lt.getMetadata().getName()))
                .map(lt -> item(lt, current(lt, live)))
                .toList();
        return Map.of("loadTests", items);
    }

    /** {@code GET /api/loadtests/NAMESPACE/NAME}. */
    public static Map<String, Object> page(LoadTest lt, LiveRuns live) {
        Optional<LiveRun> run = current(lt, live);
        LoadTestStatus status = status(lt);
        Map<String, Object> page = item(lt, run);
        page.put("message", condition(status, Conditions.SUCCEEDED).map(Condition::getMessage)
                .or(() -> condition(status, Conditions.READY).map(Condition::getMessage)).orElse(null));
        page.put("spec", spec(lt.getSpec()));
        page.put("runners", status.getRunners());
        page.put("lostRunners", status.getLostRunners() == null ? List.of() : status.getLostRunners());
        if (run.isPresent()) {
            LiveRun r = run.get();
            page.put("source", "live");
            page.put("updated", r.updatedMillis());
            page.put("stats", r.rows());
            page.put("endpointCount", r.endpointCount());
            page.put("failures", r.failures());
            page.put("exceptions", r.exceptions());
            // thresholds written in status win once the run is over: they are the verdict
            page.put("thresholds", status.getCompletionTime() != null && status.getThresholds() != null
                    ? status.getThresholds() : r.thresholds());
        } else {
            RunSummary summary = status.getSummary();
            page.put("source", summary == null ? "none" : "status");
            page.put("updated", null);
            page.put("stats", summary == null ? List.of() : statusRows(summary));
            page.put("endpointCount", summary == null ? 0 : summary.getEndpointCount());
            page.put("failures", summary == null || summary.getFailures() == null ? List.of() : summary.getFailures());
            page.put("exceptions", summary == null ? 0 : summary.getExceptions());
            page.put("thresholds", status.getThresholds() == null ? List.of() : status.getThresholds());
        }
        page.put("thresholdsDefined", lt.getSpec() != null && lt.getSpec().getThresholds() != null
                && !lt.getSpec().getThresholds().isEmpty());
        page.put("history", RunsSideBySide.of(status));
        page.put("downloads", RunDownloads.links(lt));
        return page;
    }

    /** The LoadTest's line in the list: its phase, verdict and figures (live while its run is polled). */
    static Map<String, Object> item(LoadTest lt, Optional<LiveRun> run) {
        LoadTestStatus status = status(lt);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespace", lt.getMetadata().getNamespace());
        m.put("name", lt.getMetadata().getName());
        m.put("phase", status.getPhase() == null ? "Pending" : status.getPhase());
        Optional<Condition> succeeded = condition(status, Conditions.SUCCEEDED);
        m.put("verdict", succeeded.map(c -> switch (c.getStatus()) {
            case Conditions.TRUE -> "Passed";
            case Conditions.FALSE -> "Failed";
            default -> "Pending";
        }).orElse("Pending"));
        m.put("reason", succeeded.map(Condition::getReason).orElse(null));
        m.put("runId", status.getRunId());
        m.put("startTime", status.getStartTime());
        m.put("completionTime", status.getCompletionTime());
        m.put("live", run.isPresent());
        m.put("users", run.map(LiveRun::users).orElse(status.getUsers()));
        if (run.isPresent()) {
            LiveRow a = run.get().aggregated();
            figures(m, a.requests(), a.failures(), a.currentRps(), a.totalRps(), a.p95Ms());
        } else if (status.getSummary() != null && status.getSummary().getAggregated() != null) {
            EndpointSummary a = status.getSummary().getAggregated();
            figures(m, a.getRequests(), a.getFailures(), a.getCurrentRps(), a.getRps(), a.getP95Ms());
        } else {
            figures(m, null, null, null, null, null);
        }
        return m;
    }

    private static void figures(Map<String, Object> m, Long requests, Long failures, Double currentRps, Double rps,
                                Double p95Ms) {
        m.put("requests", requests);
        m.put("failures", failures);
        m.put("failRatio", requests == null || requests == 0 ? null
                : dev.loadtest.api.report.Summaries.round((failures == null ? 0 : failures) / (double) requests, 4));
        m.put("currentRps", currentRps);
        m.put("rps", rps);
        m.put("p95Ms", p95Ms);
    }

    /** The live figures when they are of the run status describes now. */
    static Optional<LiveRun> current(LoadTest lt, LiveRuns live) {
        String runId = status(lt).getRunId();
        return live.of(lt.getMetadata().getUid()).filter(r -> Objects.equals(r.runId(), runId));
    }

    private static List<LiveRow> statusRows(RunSummary summary) {
        List<LiveRow> rows = new ArrayList<>();
        if (summary.getEndpoints() != null) {
            summary.getEndpoints().stream()
                    .sorted(Comparator.comparing((EndpointSummary e) -> e.getName() == null ? "" : e.getName())
                            .thenComparing(e -> e.getMethod() == null ? "" : e.getMethod()))
                    .map(LiveRow::of).forEach(rows::add);
        }
        if (summary.getAggregated() != null) {
            rows.add(LiveRow.of(summary.getAggregated()).named("Aggregated"));
        }
        return rows;
    }

    private static Map<String, Object> spec(LoadTestSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (spec != null) {
            m.put("users", spec.getUsers());
            m.put("spawnRate", spec.getSpawnRate());
            m.put("host", spec.getHost());
            m.put("runTime", spec.getRunTime());
            m.put("runners", spec.getRunners());
            m.put("stages", spec.getStages() == null ? 0 : spec.getStages().size());
        }
        return m;
    }

    private static LoadTestStatus status(LoadTest lt) {
        return lt.getStatus() == null ? new LoadTestStatus() : lt.getStatus();
    }

    private static Optional<Condition> condition(LoadTestStatus status, String type) {
        return status.getConditions() == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
