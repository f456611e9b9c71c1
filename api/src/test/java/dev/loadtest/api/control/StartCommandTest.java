package dev.loadtest.api.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theRunnerIndexAndCountTravelAsJson() throws Exception {
        StartCommand sent = new StartCommand("r", null, Map.of("U", 2), 1, null, null, null, null, 0, null, false, 2, 3);
        StartCommand received = JSON.readValue(JSON.writeValueAsString(sent), StartCommand.class);
        assertThat(received.runnerIndex()).isEqualTo(2);
        assertThat(received.runnerCount()).isEqualTo(3);
        assertThat(received).isEqualTo(sent);
    }

    @Test
    void aStartWithoutThemIsRunnerZeroOfOne() throws Exception {
        StartCommand old = JSON.readValue("{\"runId\":\"r\",\"userClassCounts\":{\"U\":1},\"spawnRate\":1}",
                StartCommand.class);
        assertThat(old.runnerIndex()).isZero();
        assertThat(old.runnerCount()).isEqualTo(1);
        assertThat(new StartCommand("r", null, Map.of(), 1, null, null, null, null, 0).runnerCount()).isEqualTo(1);
    }

    @Test
    void anIndexOutsideTheCountIsRefused() {
        assertThatThrownBy(() -> new StartCommand("r", null, Map.of(), 1, null, null, null, null, 0, null, false, 3, 3))
                .hasMessageContaining("runnerIndex 3 is not in [0, 3)");
    }

    @Test
    void theBuilderNamesWhatThePositionalConstructorTakesInOrder() throws Exception {
        StartCommand positional = new StartCommand("r", "http://shop:8080", Map.of("U", 2), 1.5, java.util.List.of("a"),
                java.util.List.of("b"), Map.of("k", "v"), 60.0, 5, dev.loadtest.api.HttpVersion.HTTP_2, true, 1, 3);
        StartCommand built = StartCommand.builder("r").host("http://shop:8080").users(Map.of("U", 2), 1.5)
                .tags(java.util.List.of("a"), java.util.List.of("b")).options(Map.of("k", "v")).timing(60.0, 5)
                .transport(dev.loadtest.api.HttpVersion.HTTP_2, true).runner(1, 3).build();
        assertThat(built).isEqualTo(positional);
        assertThat(JSON.readValue(JSON.writeValueAsString(built), StartCommand.class)).isEqualTo(positional);
        assertThat(StartCommand.builder("r").build()).isEqualTo(new StartCommand("r", null, null, 0, null, null, null,
                null, 0));
    }
}
