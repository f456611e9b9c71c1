package dev.loadtest.api.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * Locust's {@code --json}: the final statistics as a JSON array on stdout, one object per endpoint with
 * requests or failures, with the keys of Locust's serialized StatsEntry (times in milliseconds, timestamps in
 * seconds). {@code response_times} maps whole milliseconds to counts; Locust's per-second dictionaries are not
 * included.
 */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String entries(StatsSnapshot snapshot) {
        ArrayNode out = JSON.createArrayNode();
        for (EndpointStats e : ReportFormat.sortedEntries(snapshot)) {
            if (e.numRequests() == 0 && e.numFailures() == 0) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put("name", e.key().name());
            o.put("method", e.key().method());
            o.put("last_request_timestamp", e.lastRequestEpochMillis() / 1000.0);
            o.put("start_time", e.startTimeEpochMillis() / 1000.0);
            o.put("num_requests", e.numRequests());
            o.put("num_none_requests", 0);
            o.put("num_failures", e.numFailures());
            o.put("total_response_time", e.totalResponseTimeMicros() / 1000.0);
            o.put("max_response_time", e.maxResponseTimeMs());
            if (e.numRequests() == 0) {
                o.putNull("min_response_time");
            } else {
                o.put("min_response_time", e.minResponseTimeMs());
            }
            o.put("total_content_length", e.totalContentLength());
            ObjectNode times = o.putObject("response_times");
            wholeMillis(e.histogram()).forEach((ms, n) -> times.put(Long.toString(ms), n));
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Long, Long> wholeMillis(Histogram micros) {
        Map<Long, Long> counts = new TreeMap<>();
        for (var v : micros.recordedValues()) {
            long ms = Math.round(micros.medianEquivalentValue(v.getValueIteratedTo()) / 1000.0);
            counts.merge(ms, v.getCountAtValueIteratedTo(), Long::sum);
        }
        return counts;
    }
}
