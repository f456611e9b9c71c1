package dev.loadtest.api.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aClosedModelRunPrintsLocustsKeysAlone() throws Exception {
        JsonNode entries = JSON.readTree(JsonReport.entries(Snapshots.sample()));

        assertThat(entries).hasSize(3);
        List<String> keys = new ArrayList<>();
        entries.get(0).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("name", "method", "last_request_timestamp", "start_time", "num_requests",
                "num_none_requests", "num_failures", "total_response_time", "max_response_time", "min_response_time",
                "total_content_length", "response_times");
    }

    @Test
    void anOpenModelRunAddsTheCorrectedTimesBesideTheRawOnes() throws Exception {
        JsonNode items = JSON.readTree(JsonReport.entries(Snapshots.openModel())).get(0);

        assertThat(items.get("name").asText()).isEqualTo("/items");
        assertThat(items.get("max_response_time").asDouble()).isEqualTo(2);
        assertThat(items.get("response_times").toString()).isEqualTo("{\"1\":3,\"2\":2}");
        JsonNode corrected = items.get("corrected");
        assertThat(corrected.get("num_requests").asLong()).isEqualTo(5);
        assertThat(corrected.get("max_response_time").asDouble()).isEqualTo(1001);
        assertThat(corrected.get("min_response_time").asDouble()).isEqualTo(1);
        assertThat(corrected.get("total_response_time").asDouble()).isEqualTo(1 + 1 + 2 + 1001 + 802);
        assertThat(corrected.get("response_times").toString()).isEqualTo("{\"1\":2,\"2\":1,\"802\":1,\"1001\":1}");
    }
}
