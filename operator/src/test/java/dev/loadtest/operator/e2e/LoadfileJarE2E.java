package dev.loadtest.operator.e2e;

import dev.loadtest.api.v1alpha1.ConfigMapLoadfile;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.testcluster.KubeClusterExtension;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.loadtest.operator.e2e.LoadTestE2E.NS;
import static dev.loadtest.operator.e2e.LoadTestE2E.ROOT;
import static dev.loadtest.operator.e2e.LoadTestE2E.RUNNER_JAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A compiled loadfile delivered in a ConfigMap's binaryData, with a data file beside it (docs/examples/jar): the
 * example's ApiKeyUser, compiled into a jar, reads users.csv from the loadfile's folder and sends each row's API
 * key. The run must succeed, count what the target served, and the target must have seen every key of the CSV.
 * An invalid key is refused with the field named. PROCESS mode: the runner pods run the runner jar.
 */
class LoadfileJarE2E {

    static final Path EXAMPLE = ROOT.resolve("docs/examples/jar");

    @RegisterExtension
    @Order(1)
    static KubeClusterExtension cluster = RestartableOperator.runnerProcessCluster().build();

    @RegisterExtension
    @Order(2)
    static RestartableOperator<CountingTarget> operator = RestartableOperator.on(cluster).log("operator-loadfile-jar").build();

    /** The CSV's API keys (second column, after the header). */
    static List<String> apiKeys() throws IOException {
        return Files.readAllLines(EXAMPLE.resolve("users.csv")).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split(",")[1].trim()).toList();
    }

    @Test
    void aJarFromBinaryDataRunsAndReadsTheCsvBesideIt(@org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        KubernetesClient client = cluster.client();
        byte[] jar = LoadfileJar.compile(EXAMPLE.resolve("ApiKeyUser.java"), RUNNER_JAR, work);
        // what `kubectl create configmap shop-jar --from-file=loadtest.jar --from-file=users.csv` makes
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("shop-jar").withNamespace(NS).endMetadata()
                .withBinaryData(Map.of("loadtest.jar", Base64.getEncoder().encodeToString(jar)))
                .withData(Map.of("users.csv", Files.readString(EXAMPLE.resolve("users.csv")))).build()).create();

        LoadTest lt = fromExample(operator.target().baseUrl());
        client.resource(lt).create();
        LoadTest done = LoadTestE2E.awaitFinished(client, lt.getMetadata().getName(), Duration.ofMinutes(2));
        assertThat(done.getStatus().getPhase()).as(String.valueOf(done.getStatus().getConditions())).isEqualTo("Succeeded");
        assertThat(done.getStatus().getSummary().getAggregated().getRequests()).isPositive().isEqualTo(operator.target().served());
        assertThat(done.getStatus().getSummary().getEndpoints()).extracting(e -> e.getMethod() + " " + e.getName())
                .containsExactly("GET /api/products");
        assertThat(operator.target().apiKeysSeen()).as("every user of users.csv, read beside the jar")
                .containsExactlyInAnyOrderElementsOf(apiKeys());
    }

    @Test
    void aKeyThatIsNeitherJavaNorJarIsRefusedWithTheFieldNamed() {
        KubernetesClient client = cluster.client();
        LoadTest lt = fromExample(operator.target().baseUrl());
        lt.getMetadata().setName("bad-key");
        lt.getSpec().getLoadfile().getConfigMap().setKey("users.csv");
        // the CRD's schema refuses it at apply, naming the field and what it allows
        assertThatThrownBy(() -> client.resource(lt).create())
                .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
                .hasMessageContaining("spec.loadfile.configMap.key")
                .hasMessageContaining("(java|jar)");
        assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("app.kubernetes.io/instance", "bad-key").list()
                .getItems()).as("no runners for an invalid spec").isEmpty();
    }

    /**
     * docs/examples/jar/loadtest-jar.yaml, pointed at the test's target: one runner, so that its 4 users take the
     * 4 rows of the CSV (each runner hands the rows out from the first).
     */
    static LoadTest fromExample(String host) {
        LoadTest lt;
        try {
            lt = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal(
                    Files.readString(EXAMPLE.resolve("loadtest-jar.yaml")), LoadTest.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        lt.getMetadata().setNamespace(NS);
        lt.getSpec().setHost(host);
        lt.getSpec().setRunTime("6s");
        lt.getSpec().setRunners(1);
        // users finish the request they are in when the run stops, so the target's count and the run's are the same
        lt.getSpec().setStopTimeout("10s");
        ConfigMapLoadfile cm = lt.getSpec().getLoadfile().getConfigMap();
        assertThat(cm.getKey()).isEqualTo("loadtest.jar");
        return lt;
    }
}
