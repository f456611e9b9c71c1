package dev.loadtest.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadtest.api.v1alpha1.LoadTestStatus;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a computed status is worth a write. Nothing changed: no write. A condition, the phase, the run or the
 * runner counts changed: write now, since automation waits on those. Only the figures changed (requests,
 * percentiles, users): write at most every {@code interval}, so that a busy test does not flood the API server.
 */
public final class StatusWrites {

    public enum Decision { NONE, NOW, LATER }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusWrites() {
    }

    public static Decision decide(LoadTestStatus previous, LoadTestStatus next, Instant lastWrite, Instant now,
                                  Duration interval) {
        ObjectNode a = MAPPER.valueToTree(previous == null ? new LoadTestStatus() : previous);
        ObjectNode b = MAPPER.valueToTree(next);
        if (a.equals(b)) {
            return Decision.NONE;
        }
        if (!withoutFigures(a).equals(withoutFigures(b))) {
            return Decision.NOW;
        }
        boolean due = lastWrite == null || !now.isBefore(lastWrite.plus(interval));
        return due ? Decision.NOW : Decision.LATER;
    }

    private static ObjectNode withoutFigures(ObjectNode status) {
        ObjectNode copy = status.deepCopy();
        copy.remove("summary");
        copy.remove("users");
        copy.remove("thresholds");
        // live threshold messages carry the measured values; whether they are met is kept in the status field
        copy.withArray("conditions").forEach(c -> {
            if (Conditions.THRESHOLDS_MET.equals(c.path("type").asText())) {
                ((ObjectNode) c).remove("message");
            }
        });
        return copy;
    }
}
