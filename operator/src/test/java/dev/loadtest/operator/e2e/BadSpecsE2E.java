package dev.loadtest.operator.e2e;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static dev.loadtest.operator.e2e.LoadTestE2E.NS;
import static dev.loadtest.operator.e2e.LoadTestE2E.awaitFinished;
import static dev.loadtest.operator.e2e.LoadTestE2E.condition;
import static dev.loadtest.operator.e2e.LoadTestE2E.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad specs the schema lets through (cross-field rules, formats Kubernetes 1.20 cannot check) applied all at once
 * to the packaged operator, beside one healthy LoadTest: each must end {@code Stalled} with reason
 * {@code InvalidSpec}, a message that names the field and the fix, a Warning Event saying the same, and no runner
 * Job; the healthy one must still run to the end with exactly what the target served. docs/troubleshooting.md
 * lists each case by its name.
 */
class BadSpecsE2E {

    @RegisterExtension
    @Order(1)
    static KubeClusterExtension cluster = RestartableOperator.runnerProcessCluster().build();

    @RegisterExtension
    @Order(2)
    static RestartableOperator<CountingTarget> operator = RestartableOperator.on(cluster).log("bad-specs-operator").build();

    /** A case: the LoadTest's name (the docs' test column), its spec as a user writes it, the message's parts. */
    record BadSpec(String name, String spec, List<String> message) {
    }

    private static final String INLINE = "loadfile: {inline: {ShopUser.java: \"class ShopUser {}\"}}\n";

    static final List<BadSpec> SPECS = List.of(
            new BadSpec("two-loadfile-sources", "loadfile: {path: /l/shop.jar, inline: {ShopUser.java: \"class ShopUser {}\"}}",
                    List.of("spec.loadfile must set exactly one of configMap, inline or path; 2 are set")),
            new BadSpec("no-loadfile-source", "loadfile: {}",
                    List.of("spec.loadfile must set exactly one of configMap, inline or path; 0 are set")),
            new BadSpec("python-loadfile", "loadfile: {inline: {shop.py: \"class ShopUser(HttpUser): pass\"}}",
                    List.of("spec.loadfile.inline key 'shop.py' must be a Java file name such as ShopUser.java")),
            new BadSpec("empty-inline-loadfile", "loadfile: {inline: {}}",
                    List.of("spec.loadfile.inline is empty: add at least one entry such as ShopUser.java: |")),
            new BadSpec("zero-spawn-rate", INLINE + "users: 5\nspawnRate: 0",
                    List.of("spec.spawnRate must be above 0 to start 5 users, e.g. spawnRate: 1")),
            new BadSpec("threshold-without-bound", INLINE + "thresholds: [{metric: p95}]",
                    List.of("spec.thresholds[0] needs 'below' or 'above'")),
            new BadSpec("empty-stages", INLINE + "stages: []",
                    List.of("spec.stages is empty: add stages such as {duration: 1m, users: 10} or remove the field")),
            new BadSpec("zero-stage-duration", INLINE + "stages: [{duration: 0s, users: 5}]",
                    List.of("spec.stages[0].duration must be more than zero, was '0s'")),
            new BadSpec("zero-stage-spawn-rate", INLINE + "stages: [{duration: 1m, users: 5, spawnRate: 0}]",
                    List.of("spec.stages[0].spawnRate must be more than zero")),
            new BadSpec("stages-without-spawn-rate", INLINE + "spawnRate: 0\nstages: [{duration: 1m, users: 5}]",
                    List.of("spec.spawnRate must be above 0 for the stages without their own spawnRate, e.g. spawnRate: 1")));

    @Test
    void eachBadSpecStallsNamingTheFieldAndTheFixWhileAHealthyLoadTestBesideItRuns() {
        KubernetesClient client = cluster.client();
        client.resource(LoadTestE2E.loadTest("healthy", 1, 2, "8s", operator.target().baseUrl())).create();
        for (BadSpec bad : SPECS) {
            String yaml = """
                    apiVersion: loadtest.dev/v1alpha1
                    kind: LoadTest
                    metadata: {name: %s, namespace: %s}
                    spec:
                    %s
                    """.formatted(bad.name(), NS, bad.spec().indent(2));
            client.genericKubernetesResources("loadtest.dev/v1alpha1", "LoadTest").inNamespace(NS)
                    .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).create();
        }

        for (BadSpec bad : SPECS) {
            LoadTest done = awaitFinished(client, bad.name(), Duration.ofMinutes(1));
            Condition stalled = condition(done, "Stalled");
            System.out.println("[bad-spec] " + bad.name() + ": " + stalled.getReason() + ": " + stalled.getMessage());
            assertThat(stalled.getStatus()).as(bad.name()).isEqualTo("True");
            assertThat(stalled.getReason()).as(bad.name()).isEqualTo("InvalidSpec");
            assertThat(stalled.getMessage()).as(bad.name()).contains(bad.message()).doesNotContain("to start 1 users");
            await(bad.name() + "'s Event").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(events(client, bad.name())).filteredOn(e -> "InvalidSpec".equals(e.getReason()))
                            .extracting(Event::getType, Event::getMessage).singleElement()
                            .satisfies(e -> {
                                assertThat(e.toList().get(0)).isEqualTo("Warning");
                                assertThat((String) e.toList().get(1)).contains(bad.message());
                            }));
            assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("app.kubernetes.io/instance", bad.name())
                    .list().getItems()).as("no runner for " + bad.name()).isEmpty();
        }

        LoadTest healthy = awaitFinished(client, "healthy", Duration.ofMinutes(3));
        assertThat(healthy.getStatus().getPhase()).as(String.valueOf(healthy.getStatus().getConditions())).isEqualTo("Succeeded");
        assertThat(healthy.getStatus().getSummary().getAggregated().getRequests()).as("requests in status = served")
                .isPositive().isEqualTo(operator.target().served());
    }
}
