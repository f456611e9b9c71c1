package dev.loadtest.runner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's static rules, without Prometheus: every query is scoped by the variables, every panel uses
 * the data source variable, and panels do not collide. {@link DashboardQueriesIT} runs the queries for real.
 */
class DashboardTest {

    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "loadtest-dashboard.json");

    @Test
    void everyRunnerQueryIsScopedToTheSelectedNamespaceLoadTestAndRun() throws Exception {
        Dashboard dashboard = Dashboard.load(DASHBOARD);
        assertThat(dashboard.queries()).hasSizeGreaterThan(10);
        for (Dashboard.Query q : dashboard.queries()) {
            assertThat(q.expr()).as("%s %s", q.panel(), q.refId())
                    .contains("namespace=\"$namespace\"").contains("loadtest=\"$loadtest\"");
            if (DashboardQueriesIT.OPERATOR_PANELS.contains(q.panel())) {
                assertThat(q.expr()).as("operator panel %s reads the operator's gauges", q.panel())
                        .containsPattern("loadtest_run_(requests|failure_ratio|p95_seconds|thresholds_met)\\{");
            } else {
                assertThat(q.expr()).as("%s %s", q.panel(), q.refId()).contains("run_id=~\"$run_id\"")
                        .contains("loadtest_");
            }
        }
    }

    @Test
    void panelsUseTheDataSourceVariableAndHaveUniqueIdsAndPlaces() throws Exception {
        JsonNode root = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(root.path("templating").path("list")).extracting(v -> v.path("name").asText())
                .containsExactly("datasource", "namespace", "loadtest", "run_id");
        Set<Integer> ids = new HashSet<>();
        Set<String> places = new HashSet<>();
        for (JsonNode panel : root.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", panel.path("title")).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(places.add(grid.path("x").asInt() + "," + grid.path("y").asInt()))
                    .as("place of %s", panel.path("title")).isTrue();
            if (!"row".equals(panel.path("type").asText())) {
                assertThat(panel.path("datasource").path("uid").asText()).as("%s", panel.path("title"))
                        .isEqualTo("${datasource}");
                panel.path("targets").forEach(t -> assertThat(t.path("datasource").path("uid").asText())
                        .isEqualTo("${datasource}"));
            }
        }
    }
}
