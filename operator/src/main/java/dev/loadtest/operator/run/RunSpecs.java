package dev.loadtest.operator.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadtest.api.v1alpha1.LoadTestSpec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The spec a run was started from, and what changed since. Users and spawn rate are live: a change re-targets
 * the running runners. Any other change while the run is in progress is drift: reported, and used by the next
 * run.
 */
public final class RunSpecs {

    /** The fields a running test takes without a restart. */
    public static final Set<String> LIVE_FIELDS = Set.of("users", "spawnRate");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RunSpecs() {
    }

    public static String toJson(LoadTestSpec spec) {
        try {
            return MAPPER.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("LoadTestSpec is not serialisable", e);
        }
    }

    public static LoadTestSpec fromJson(String json) {
        try {
            return MAPPER.readValue(json, LoadTestSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a LoadTestSpec: " + e.getOriginalMessage(), e);
        }
    }

    /** Top-level spec fields, other than the live ones, that differ between the run's spec and the current one. */
    public static List<String> driftedFields(LoadTestSpec runSpec, LoadTestSpec current) {
        ObjectNode a = MAPPER.valueToTree(runSpec);
        ObjectNode b = MAPPER.valueToTree(current);
        Set<String> names = new TreeSet<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        List<String> drifted = new ArrayList<>();
        for (String name : names) {
            if (!LIVE_FIELDS.contains(name) && !same(a.get(name), b.get(name))) {
                drifted.add(name);
            }
        }
        return drifted;
    }

    /** What the running test uses: the run's spec, with the live fields taken from the current spec. */
    public static LoadTestSpec effective(LoadTestSpec runSpec, LoadTestSpec current) {
        LoadTestSpec effective = fromJson(toJson(runSpec));
        effective.setUsers(current.getUsers());
        effective.setSpawnRate(current.getSpawnRate());
        return effective;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        return isEmpty(a) ? isEmpty(b) : a.equals(b);
    }

    /** Absent, null and an empty list or map mean the same: nothing set. */
    private static boolean isEmpty(JsonNode n) {
        if (n == null || n.isNull()) {
            return true;
        }
        if (n.isContainerNode()) {
            Iterator<JsonNode> it = n.elements();
            return !it.hasNext();
        }
        return false;
    }
}
