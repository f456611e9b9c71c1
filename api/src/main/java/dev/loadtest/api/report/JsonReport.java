package dev.loadtest.api.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadtest.api.stats.EndpointKey;
import dev.loadtest.api.stats.EndpointStats;
import dev.loadtest.api.stats.StatsSnapshot;
import org.HdrHistogram.Histogram;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Locust's {@code --json}: the final statistics as a JSON array on stdout, one object per endpoint with
 * requests or failures, with the keys of Locust's serialized StatsEntry (times in milliseconds, timestamps in
 * seconds). {@code response_times} maps whole milliseconds to counts; Locust's per-second dictionaries are not
 * included.
 *
 * <p>An open-model run (an arrival rate) adds one key to each object, {@code corrected}: the same endpoint's response
 * times corrected for coordinated omission (counted from each iteration's intended start), with the time keys of the
 * object itself, so that raw and corrected read side by side. A closed-model run prints Locust's keys alone.
 */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String entries(StatsSnapshot snapshot) {
        ArrayNode out = JSON.createArrayNode();
        Map<EndpointKey, EndpointStats> corrected = new HashMap<>();
        if (snapshot.openModel() != null) {
            snapshot.openModel().corrected().forEach(c -> corrected.put(c.key(), c));
        }
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
            times(o, e);
            o.put("total_content_length", e.totalContentLength());
            responseTimes(o, e);
            if (snapshot.openModel() != null) {
                EndpointStats c = corrected.getOrDefault(e.key(), new EndpointStats(e.key()));
                ObjectNode co = o.putObject("corrected");
                co.put("num_requests", c.numRequests());
                times(co, c);
                responseTimes(co, c);
            }
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void times(ObjectNode o, EndpointStats e) {
        o.put("total_response_time", e.totalResponseTimeMicros() / 1000.0);
        o.put("max_response_time", e.maxResponseTimeMs());
        if (e.numRequests() == 0) {
            o.putNull("min_response_time");
        } else {
            o.put("min_response_time", e.minResponseTimeMs());
        }
    }

    private static void responseTimes(ObjectNode o, EndpointStats e) {
        ObjectNode times = o.putObject("response_times");
        wholeMillis(e.histogram()).forEach((ms, n) -> times.put(Long.toString(ms), n));
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
