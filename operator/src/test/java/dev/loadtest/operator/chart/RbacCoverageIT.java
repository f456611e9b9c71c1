package dev.loadtest.operator.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart grants at least what Quarkus Operator SDK derives from the operator's code (its reconciler, the
 * {@code @RBACRule}s, leader election, the CRD check), in both watch modes. Pure, but an IT: the generated RBAC
 * is written by {@code quarkus:build} at package, after the unit tests.
 */
class RbacCoverageIT {

    static final Path GENERATED = Chart.ROOT.resolve("operator/target/kubernetes/kubernetes.yml");

    @Test
    void theChartsRulesCoverTheGeneratedOnesInBothModes() throws Exception {
        assertThat(GENERATED).as("written by the Quarkus build at package").exists();
        List<HasMetadata> generated = Chart.Rendered.parse(Files.readString(GENERATED)).objects();
        Set<String> needed = grants(generated);
        assertThat(needed).as("the generated RBAC is read").anyMatch(g -> g.startsWith("loadtest.dev/loadtests "))
                .anyMatch(g -> g.startsWith("coordination.k8s.io/leases "));

        for (Map<String, Object> values : List.of(Map.<String, Object>of(),
                Map.<String, Object>of("watch", Map.of("mode", "namespaces", "namespaces", List.of("team-a"))))) {
            Set<String> granted = grants(Chart.template(values).objects());
            assertThat(granted).as("chart with values %s grants every generated rule", values).containsAll(needed);
        }
    }

    /** Every (group/resource verb) a set of Roles and ClusterRoles grants, wherever it applies. */
    static Set<String> grants(List<HasMetadata> objects) {
        Set<String> grants = new TreeSet<>();
        for (HasMetadata o : objects) {
            List<PolicyRule> rules = o instanceof ClusterRole cr ? cr.getRules() : o instanceof Role r ? r.getRules() : List.of();
            for (PolicyRule rule : rules) {
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        for (String verb : rule.getVerbs()) {
                            grants.add((group.isEmpty() ? "core" : group) + "/" + resource + " " + verb);
                        }
                    }
                }
            }
        }
        return grants;
    }
}
