package dev.loadtest.operator.e2e;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.loadtest.operator.e2e.LoadTestE2E.NS;
import static dev.loadtest.operator.e2e.LoadTestE2E.awaitFinished;
import static dev.loadtest.operator.e2e.LoadTestE2E.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's memory follows what it manages, not how busy its namespaces are: with pods, Secrets, ConfigMaps and
 * a Job of other owners in the LoadTest's namespace (some even labelled {@code app.kubernetes.io/name=loadtest}), the
 * packaged operator's informers hold, by its {@code loadtest_informer_objects{kind}} gauge, exactly the LoadTest and
 * the objects of its run while it runs, and nothing of the run once it is cleaned up, its kept results included.
 */
class InformerCacheE2E {

    static final String NAME = "cached";
    static final int RUNNERS = 2;
    static final int UNRELATED = 5;
    private static final Pattern GAUGE = Pattern.compile(
            "^loadtest_informer_objects\\{[^}]*kind=\"(\\w+)\"[^}]*} ([0-9.eE+Na-]+)", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    @Order(1)
    static KubeClusterExtension cluster = RestartableOperator.runnerProcessCluster().build();

    @RegisterExtension
    @Order(2)
    static RestartableOperator operator = RestartableOperator.on(cluster).log("informer-cache").withHttpPort().build();

    @Test
    void theOperatorCachesTheObjectsOfItsRunsAndNoneOfTheNamespacesOthers() throws Exception {
        KubernetesClient client = cluster.client();
        createUnrelatedObjects(client);
        await("the operator's gauges").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> cached().get("LoadTest") == 0);
        assertThat(cached()).as("before any LoadTest, with %d unrelated objects of each kind in %s", UNRELATED, NS)
                .containsExactlyInAnyOrderEntriesOf(Map.of("LoadTest", 0L, "Job", 0L, "Pod", 0L, "Secret", 0L, "ConfigMap", 0L));

        client.resource(LoadTestE2E.loadTest(NAME, RUNNERS, RUNNERS * 2, "20s", operator.target().baseUrl())).create();
        await("the run's objects in the operator's caches").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> "Running".equals(phase(loadTest(client))) && cached().get("Pod") == RUNNERS);
        // the run's Job, its runner pods, its token Secret and its loadfile ConfigMap; none of the unrelated ones
        assertThat(cached()).as("while the run runs")
                .containsExactlyInAnyOrderEntriesOf(Map.of("LoadTest", 1L, "Job", 1L, "Pod", (long) RUNNERS, "Secret", 1L, "ConfigMap", 1L));

        LoadTest done = awaitFinished(client, NAME, Duration.ofMinutes(3));
        assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
        // the run's results are kept in ConfigMaps of the run (read by name when needed), not cached
        assertThat(client.configMaps().inNamespace(NS).withLabel("app.kubernetes.io/component", "results").list().getItems())
                .as("the kept results").isNotEmpty();
        await("the run's objects gone from the caches").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> cached().equals(Map.of("LoadTest", 1L, "Job", 0L, "Pod", 0L, "Secret", 0L, "ConfigMap", 0L)));
    }

    private static LoadTest loadTest(KubernetesClient client) {
        return client.resources(LoadTest.class).inNamespace(NS).withName(NAME).get();
    }

    /**
     * Objects of every kind the operator watches, in the LoadTest's namespace but of other owners: pods bound to
     * another node (so that no kubelet runs them), a Job with no pods to run; half carry the project's name label.
     */
    private static void createUnrelatedObjects(KubernetesClient client) {
        for (int i = 0; i < UNRELATED; i++) {
            Map<String, String> labels = i % 2 == 0 ? Map.of("app.kubernetes.io/name", "loadtest") : Map.of("app", "other");
            client.resource(new ConfigMapBuilder().withNewMetadata().withName("other-" + i).withNamespace(NS)
                    .withLabels(labels).endMetadata().addToData("k", "v").build()).create();
            client.resource(new SecretBuilder().withNewMetadata().withName("other-" + i).withNamespace(NS)
                    .withLabels(labels).endMetadata().addToStringData("k", "v").build()).create();
            client.resource(new PodBuilder().withNewMetadata().withName("other-" + i).withNamespace(NS)
                    .withLabels(labels).endMetadata().withNewSpec().withNodeName("another-node")
                    .addNewContainer().withName("c").withImage("example.org/other:1").endContainer().endSpec().build()).create();
        }
        client.resource(new JobBuilder().withNewMetadata().withName("other").withNamespace(NS)
                .withLabels(Map.of("app.kubernetes.io/name", "loadtest")).endMetadata()
                .withNewSpec().withParallelism(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("c").withImage("example.org/other:1").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
    }

    /** The operator's {@code loadtest_informer_objects} gauge, by kind, from its own /q/metrics; -1 before it counts. */
    private static Map<String, Long> cached() throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Long> byKind = new TreeMap<>();
        Matcher m = GAUGE.matcher(body);
        while (m.find()) {
            double value = Double.parseDouble(m.group(2));
            byKind.put(m.group(1), Double.isNaN(value) ? -1 : (long) value); // NaN: the controller is not registered yet
        }
        return byKind;
    }
}
