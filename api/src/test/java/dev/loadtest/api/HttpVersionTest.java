package dev.loadtest.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.control.StartCommand;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpVersionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parsesTheTwoSpellingsAndNamesThemWhenGivenAnotherOne() {
        assertThat(HttpVersion.parse("1.1")).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(HttpVersion.parse(" 2 ")).isEqualTo(HttpVersion.HTTP_2);
        assertThatThrownBy(() -> HttpVersion.parse("HTTP/3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'HTTP/3' is not an HTTP version; use 1.1 or 2");
    }

    @Test
    void aStartCommandWithoutOneMeansHttp11AndItRoundTripsAsTheShortSpelling() throws Exception {
        StartCommand plain = new StartCommand("r", null, Map.of("U", 1), 1, null, null, null, null, 0);
        assertThat(plain.httpVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(plain.insecure()).isFalse();
        // an operator older than the runner sends no httpVersion: the runner must still accept the start
        StartCommand old = JSON.readValue("{\"runId\":\"r\",\"spawnRate\":1,\"stopTimeoutSeconds\":0}", StartCommand.class);
        assertThat(old.httpVersion()).isEqualTo(HttpVersion.HTTP_1_1);

        StartCommand h2 = new StartCommand("r", null, Map.of("U", 1), 1, null, null, null, null, 0, HttpVersion.HTTP_2,
                true);
        String json = JSON.writeValueAsString(h2);
        assertThat(json).contains("\"httpVersion\":\"2\"", "\"insecure\":true");
        assertThat(JSON.readValue(json, StartCommand.class)).isEqualTo(h2);
    }
}
