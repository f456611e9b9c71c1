package dev.loadtest.operator.web;

import dev.loadtest.api.report.Summaries;
import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.RunRecord;
import dev.loadtest.api.v1alpha1.RunSummary;
import dev.loadtest.operator.Fixtures;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterViewTest {

    static final long T0 = 1_800_000_000_000L;

    @Test
    void aPolledRunShowsTheOperatorsMergeEveryEndpointThenAggregated() {
        LiveRuns live = new LiveRuns();
        LoadTest lt = running("r1");
        StatsSnapshot merged = snapshot("r1", 30);
        RunSummary summary = Summaries.of(merged, T0 + 10_000);
        live.publish(lt, "r1", merged, summary, 7, List.of(), T0 + 10_000);

        Map<String, Object> page = ClusterView.page(lt, live);

        assertThat(page.get("source")).isEqualTo("live");
        assertThat(page.get("users")).isEqualTo(7);
        @SuppressWarnings("unchecked") List<LiveRow> rows = (List<LiveRow>) page.get("stats");
        // all 30 endpoints, not status' busiest 20, in Locust's order, Aggregated last with their sum
        assertThat(rows).hasSize(31);
        assertThat(rows.getFirst().name()).isEqualTo("/p00");
        assertThat(rows.getLast().name()).isEqualTo("Aggregated");
        assertThat(rows.getLast().requests()).isEqualTo(summary.getAggregated().getRequests())
                .isEqualTo(rows.subList(0, 30).stream().mapToLong(LiveRow::requests).sum());
        assertThat(rows.getLast().p95Ms()).isEqualTo(summary.getAggregated().getP95Ms());
        assertThat(page.get("requests")).isEqualTo(rows.getLast().requests());
    }

    @Test
    void withoutLiveFiguresOfTheCurrentRunThePageShowsStatus() {
        LiveRuns live = new LiveRuns();
        LoadTest lt = running("r2");
        StatsSnapshot older = snapshot("r1", 2);
        live.publish(lt, "r1", older, Summaries.of(older, T0), 3, List.of(), T0);
        lt.getStatus().setSummary(Summaries.of(snapshot("r2", 25), T0 + 5_000));
        lt.getStatus().getSummary().getAggregated().setName(null); // as status may hold it
        lt.getStatus().setUsers(4);

        Map<String, Object> page = ClusterView.page(lt, live);

        assertThat(page.get("source")).isEqualTo("status");
        assertThat(page.get("users")).isEqualTo(4);
        @SuppressWarnings("unchecked") List<LiveRow> rows = (List<LiveRow>) page.get("stats");
        assertThat(rows).hasSize(21);
        assertThat(rows.getLast().name()).isEqualTo("Aggregated");
        assertThat(rows.getLast().requests()).isEqualTo(lt.getStatus().getSummary().getAggregated().getRequests());
        // the cached object is left as it was
        assertThat(lt.getStatus().getSummary().getAggregated().getName()).isNull();
    }

    @Test
    void figuresFewerThanStatusAlreadyHoldsAreNotShownAsLive() {
        LiveRuns live = new LiveRuns();
        LoadTest lt = running("r1");
        StatsSnapshot partial = snapshot("r1", 1);
        live.publish(lt, "r1", partial, Summaries.of(snapshot("r1", 5), T0), 0, List.of(), T0);
        assertThat(live.of(lt.getMetadata().getUid())).isEmpty();
    }

    @Test
    void liveFiguresNotPolledForAnHourAreForgotten() {
        LiveRuns live = new LiveRuns();
        LoadTest gone = running("r1");
        StatsSnapshot merged = snapshot("r1", 1);
        live.publish(gone, "r1", merged, Summaries.of(merged, T0), 1, List.of(), T0);
        LoadTest other = running("r1");
        other.getMetadata().setUid("other-uid");
        live.publish(other, "r1", merged, Summaries.of(merged, T0), 1, List.of(), T0 + LiveRuns.KEEP_MILLIS - 1);
        assertThat(live.of(gone.getMetadata().getUid())).isPresent();
        live.publish(other, "r1", merged, Summaries.of(merged, T0), 1, List.of(), T0 + LiveRuns.KEEP_MILLIS + 1);
        assertThat(live.of(gone.getMetadata().getUid())).isEmpty();
        assertThat(live.of("other-uid")).isPresent();
    }

    @Test
    void theListGivesPhaseVerdictAndFiguresOfEveryLoadTestByNamespaceAndName() {
        LoadTest b = running("b");
        LoadTest a = running("a");
        a.getMetadata().setUid("other-uid");
        a.getStatus().setPhase("Succeeded");
        a.getStatus().setConditions(List.of(new ConditionBuilder().withType("Succeeded").withStatus("True")
                .withReason("Completed").build()));

        @SuppressWarnings("unchecked") List<Map<String, Object>> items =
                (List<Map<String, Object>>) ClusterView.list(List.of(b, a), new LiveRuns()).get("loadTests");

        assertThat(items).extracting(m -> m.get("name")).containsExactly("a", "b");
        assertThat(items).extracting(m -> m.get("verdict")).containsExactly("Passed", "Pending");
        assertThat(items.getFirst().get("reason")).isEqualTo("Completed");
        assertThat(items.get(1).get("phase")).isEqualTo("Running");
    }

    @Test
    void downloadsAreOfferedForTheFinishedCurrentRunAndThoseInHistoryNewestFirst() {
        LoadTest lt = running("r3");
        assertThat(RunDownloads.links(lt)).as("a run going has no files yet").isEmpty();
        lt.getStatus().setCompletionTime("2026-12-01T17:00:00Z");
        RunRecord r2 = new RunRecord();
        r2.setRunId("r2");
        lt.getStatus().setHistory(List.of(r2));

        List<Map<String, Object>> links = RunDownloads.links(lt);

        assertThat(links).extracting(l -> l.get("runId")).containsExactly("r3", "r2");
        @SuppressWarnings("unchecked") List<Map<String, String>> files = (List<Map<String, String>>) links.getFirst().get("files");
        assertThat(files).extracting(f -> f.get("href")).containsExactly(
                "api/loadtests/shop/r3/runs/r3/stats.csv", "api/loadtests/shop/r3/runs/r3/stats_history.csv",
                "api/loadtests/shop/r3/runs/r3/failures.csv", "api/loadtests/shop/r3/runs/r3/exceptions.csv",
                "api/loadtests/shop/r3/runs/r3/report.html");
        assertThat(RunDownloads.offered(lt, "r2")).isTrue();
        assertThat(RunDownloads.offered(lt, "r1")).as("not the LoadTest's: never read").isFalse();
        assertThat(RunDownloads.File.STATS.fileName("shop-web", "r3")).isEqualTo("shop-web_r3_stats.csv");
    }

    static LoadTest running(String name) {
        LoadTest lt = Fixtures.loadTest(name);
        LoadTestStatus status = new LoadTestStatus();
        status.setPhase("Running");
        status.setRunId(name.startsWith("r") ? name : "r1");
        lt.setStatus(status);
        return lt;
    }

    /** {@code endpoints} endpoints, the i-th with i+1 requests of 1..i+1 ms, one failed each. */
    static StatsSnapshot snapshot(String runId, int endpoints) {
        List<EndpointStats> entries = new java.util.ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            EndpointStats e = new EndpointStats(new EndpointKey("GET", String.format("/p%02d", i)));
            for (int n = 0; n <= i; n++) {
                e.record((n + 1) * 1000L, 100, n == 0, T0 + n * 100L);
            }
            entries.add(e);
        }
        return new StatsSnapshot(runId, null, null, "RUNNING", 0, Map.of(), T0 + 10_000, entries, List.of(), List.of());
    }
}
