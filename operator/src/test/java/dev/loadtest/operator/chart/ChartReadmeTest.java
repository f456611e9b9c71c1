package dev.loadtest.operator.chart;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.loadtest.operator.chart.Chart.DIR;
import static org.assertj.core.api.Assertions.assertThat;

/** The chart's README lists every value of values.yaml, and nothing that is not one. */
class ChartReadmeTest {

    @Test
    void everyValueIsDocumented() throws Exception {
        Map<String, Object> values = values();
        Set<String> documented = documentedValues();
        List<String> missing = new ArrayList<>();
        collectUndocumented(values, "", documented, missing);
        assertThat(missing).as("values in values.yaml without a row in charts/loadtest-operator/README.md "
                + "(| `path` | default | meaning |)").isEmpty();
    }

    @Test
    void everyDocumentedValueExists() throws Exception {
        Map<String, Object> values = values();
        assertThat(documentedValues()).allSatisfy(path -> assertThat(exists(values, path))
                .as("README.md documents `%s`, which values.yaml does not have (podDefaults may list optional keys)", path)
                .isTrue());
    }

    /** A leaf is documented when its own path, or the path of a map holding it, has a row. */
    private static void collectUndocumented(Map<String, Object> node, String prefix, Set<String> documented, List<String> missing) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (documented.contains(path)) {
                continue;
            }
            if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) child;
                collectUndocumented(map, path, documented, missing);
            } else {
                missing.add(path);
            }
        }
    }

    /** Documented optional keys of runner.podDefaults need not be in values.yaml (they default elsewhere). */
    private static boolean exists(Map<String, Object> values, String path) {
        if (path.startsWith("runner.podDefaults.")) {
            return true;
        }
        Object at = values;
        for (String key : path.split("\\.")) {
            if (!(at instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return false;
            }
            at = map.get(key);
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> values() throws Exception {
        return Chart.YAML.readValue(DIR.resolve("values.yaml").toFile(), Map.class);
    }

    /** The first column of the README's value tables: | `path` | ... */
    static Set<String> documentedValues() throws Exception {
        Set<String> paths = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([A-Za-z0-9_.]+)` \\|").matcher(Files.readString(DIR.resolve("README.md")));
        while (m.find()) {
            paths.add(m.group(1));
        }
        return paths;
    }
}
