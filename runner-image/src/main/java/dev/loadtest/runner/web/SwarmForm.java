package dev.loadtest.runner.web;

import dev.loadtest.api.Timespan;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of Locust's {@code POST /swarm}: {@code user_count}, {@code spawn_rate}, {@code host} and
 * {@code run_time} (a timespan such as {@code 30s} or {@code 1h30m}; empty for none). A bad value is an
 * error naming the field and what it takes, rather than Locust's bare "Internal Server Error".
 */
record SwarmForm(int users, double spawnRate, String host, Double runTimeSeconds) {

    /** Reads an {@code application/x-www-form-urlencoded} body (or query string). */
    static SwarmForm parse(String body) {
        Map<String, String> fields = fields(body);
        int users = integer(fields, "user_count");
        double rate = decimal(fields, "spawn_rate");
        String host = fields.getOrDefault("host", "").strip();
        String runTime = fields.getOrDefault("run_time", "").strip();
        Double seconds = null;
        if (!runTime.isEmpty()) {
            try {
                seconds = Timespan.parseSeconds(runTime);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("run_time: " + e.getMessage());
            }
        }
        return new SwarmForm(users, rate, host.isEmpty() ? null : host, seconds);
    }

    static Map<String, String> fields(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static int integer(Map<String, String> fields, String name) {
        String value = required(fields, name);
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number of users (0 or more)");
        }
    }

    private static double decimal(Map<String, String> fields, String name) {
        String value = required(fields, name);
        try {
            double d = Double.parseDouble(value);
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a rate above 0 (users per second)");
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.getOrDefault(name, "").strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " is missing: the form needs user_count and spawn_rate");
        }
        return value;
    }
}
