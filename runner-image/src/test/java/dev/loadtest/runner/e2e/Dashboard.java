package dev.loadtest.runner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL of a Grafana dashboard JSON: its panels' queries and its label_values() template variables. */
record Dashboard(List<Variable> variables, List<Query> queries) {

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    /** A query variable {@code label_values(selector, label)}. */
    record Variable(String name, String selector, String label) {
    }

    /** One target of one panel. */
    record Query(String panel, String refId, String expr) {
    }

    static Dashboard load(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        List<Variable> variables = new ArrayList<>();
        for (JsonNode v : root.path("templating").path("list")) {
            if (!"query".equals(v.path("type").asText())) {
                continue;
            }
            String definition = v.path("query").isTextual() ? v.path("query").asText()
                    : v.path("query").path("query").asText();
            Matcher m = LABEL_VALUES.matcher(definition);
            if (!m.matches()) {
                throw new AssertionError("variable " + v.path("name") + " is not label_values(selector, label): "
                        + definition);
            }
            variables.add(new Variable(v.path("name").asText(), m.group(1).trim(), m.group(2)));
        }
        List<Query> queries = new ArrayList<>();
        collect(root.path("panels"), queries);
        return new Dashboard(variables, queries);
    }

    private static void collect(JsonNode panels, List<Query> into) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                into.add(new Query(panel.path("title").asText(), target.path("refId").asText(),
                        target.path("expr").asText()));
            }
            collect(panel.path("panels"), into); // a collapsed row keeps its panels inside
        }
    }

    /** {@code text} with {@code $name} and {@code ${name}} replaced; a reference to anything else fails. */
    static String substitute(String text, Map<String, String> values) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            if (value == null) {
                throw new AssertionError("the dashboard uses $" + name + ", which this test does not know: " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
