package dev.loadtest.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadtest.testcluster.ProjectLayout;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Argo CD health check ({@code docs/gitops/argocd-health.lua}) run by Debian's {@code lua5.1} on
 * LoadTests whose status was recorded from real runs by {@code RunLifecycleE2E} (copied from
 * {@code operator/target/status-samples/} to the test resources). Argo CD hands the check the object as the global
 * {@code obj}; so does this test.
 */
class ArgoCdHealthTest {

    static final Path ROOT = ProjectLayout.repositoryRoot();
    static final Path SCRIPT = ROOT.resolve("docs/gitops/argocd-health.lua");
    static final Path SAMPLES = ROOT.resolve("operator/src/test/resources/status-samples");
    static final ObjectMapper JSON = new ObjectMapper();

    record Health(String status, String message) {
    }

    @Test
    void eachRecordedStatusGetsItsHealth() throws Exception {
        Map<String, String> expected = Map.of(
                "progressing-running.json", "Progressing",
                "healthy-succeeded.json", "Healthy",
                "degraded-thresholds-not-met.json", "Degraded",
                "degraded-stopped.json", "Degraded",
                "degraded-runner-failed.json", "Degraded",
                "stalled-start-refused.json", "Degraded");
        for (var e : expected.entrySet()) {
            Health h = health(JSON.readTree(SAMPLES.resolve(e.getKey()).toFile()));
            assertThat(h.status()).as(e.getKey() + ": " + h.message()).isEqualTo(e.getValue());
            assertThat(h.message()).as(e.getKey()).isNotBlank();
        }
        assertThat(health(JSON.readTree(SAMPLES.resolve("stalled-start-refused.json").toFile())).message())
                .contains("spec.host");
    }

    @Test
    void aPassedRunWhoseSpecChangedSinceIsProgressingNotHealthy() throws Exception {
        ObjectNode lt = (ObjectNode) JSON.readTree(SAMPLES.resolve("healthy-succeeded.json").toFile());
        long generation = lt.path("metadata").path("generation").asLong();
        ((ObjectNode) lt.get("metadata")).put("generation", generation + 1);
        assertThat(health(lt).status()).as("the operator has not seen the change").isEqualTo("Progressing");
        ((ObjectNode) lt.get("status")).put("observedGeneration", generation + 1);
        assertThat(health(lt).status()).as("seen, not run yet").isEqualTo("Progressing");
        ((ObjectNode) lt.get("status")).put("runGeneration", generation + 1);
        assertThat(health(lt).status()).isEqualTo("Healthy");
    }

    @Test
    void aLoadTestWithoutStatusIsProgressing() throws Exception {
        assertThat(health(JSON.readTree("{\"metadata\":{\"name\":\"x\",\"generation\":1}}")).status())
                .isEqualTo("Progressing");
    }

    static Health health(JsonNode loadTest) throws IOException, InterruptedException {
        String program = "obj = " + lua(loadTest) + "\n"
                + "local function check()\n" + Files.readString(SCRIPT) + "\nend\n"
                + "local hs = check()\nio.write(hs.status, '\\n', hs.message or '')\n";
        Path file = Files.createTempFile("health", ".lua");
        try {
            Files.writeString(file, program);
            Process p = new ProcessBuilder("lua5.1", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            int nl = out.indexOf('\n');
            return new Health(out.substring(0, nl), out.substring(nl + 1));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** JSON as a Lua table constructor, as Argo CD converts the object (arrays are 1-based sequences). */
    static String lua(JsonNode n) {
        if (n.isObject()) {
            StringBuilder b = new StringBuilder("{");
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var f = it.next();
                b.append("[").append(string(f.getKey())).append("]=").append(lua(f.getValue())).append(",");
            }
            return b.append("}").toString();
        }
        if (n.isArray()) {
            StringBuilder b = new StringBuilder("{");
            n.forEach(e -> b.append(lua(e)).append(","));
            return b.append("}").toString();
        }
        if (n.isNumber()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asBoolean() ? "true" : "false";
        }
        if (n.isNull()) {
            return "nil";
        }
        return string(n.asText());
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
