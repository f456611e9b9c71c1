package dev.loadtest.api.results;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Where a run's {@link PersistedRun} lives in the cluster: one ConfigMap per part (usually one), owned by the
 * LoadTest, labelled {@code app.kubernetes.io/component=results} and with the run id, the part in
 * {@code binaryData[run.json.gz]} and {@code PART/COUNT} in an annotation. Both the operator (which writes and
 * serves them) and the {@code loadtest report} command (which reads them with the user's kubeconfig) use this.
 */
public final class ResultsConfigMaps {

    /** The value of {@code app.kubernetes.io/component} on results ConfigMaps. */
    public static final String COMPONENT = "results";
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    /** The run id label, as on every object of a run. */
    public static final String RUN_ID_LABEL = "loadtest.dev/run-id";
    /** {@code PART/COUNT}, 0-based: {@code 0/1} for a run held in one ConfigMap. */
    public static final String PART_ANNOTATION = "loadtest.dev/results-part";
    public static final String DATA_KEY = "run.json.gz";

    private ResultsConfigMaps() {
    }

    /** {@code component=results,run-id=RUN}: what selects a run's results in a namespace (then filter by owner). */
    public static String selector(String runId) {
        return COMPONENT_LABEL + "=" + COMPONENT + "," + RUN_ID_LABEL + "=" + runId;
    }

    /**
     * The ConfigMaps that hold {@code encoded}, one per part of {@link PersistedRunCodec#split}.
     *
     * @param partName    the name of part i (the operator derives it from the LoadTest's name and the run id)
     * @param labels      the run's labels; must include {@link #COMPONENT_LABEL}={@link #COMPONENT} and the run id
     * @param annotations besides the part annotation
     */
    public static List<ConfigMap> desired(String namespace, IntFunction<String> partName, Map<String, String> labels,
                                          Map<String, String> annotations, OwnerReference owner, byte[] encoded) {
        return desired(namespace, partName, labels, annotations, owner, encoded, PersistedRunCodec.PART_BYTES);
    }

    static List<ConfigMap> desired(String namespace, IntFunction<String> partName, Map<String, String> labels,
                                   Map<String, String> annotations, OwnerReference owner, byte[] encoded,
                                   int partBytes) {
        if (!COMPONENT.equals(labels.get(COMPONENT_LABEL)) || labels.get(RUN_ID_LABEL) == null) {
            throw new IllegalArgumentException("results ConfigMaps need the labels " + COMPONENT_LABEL + "="
                    + COMPONENT + " and " + RUN_ID_LABEL + ", got " + labels);
        }
        List<byte[]> parts = PersistedRunCodec.split(encoded, partBytes);
        List<ConfigMap> maps = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Map<String, String> partAnnotations = new LinkedHashMap<>(annotations);
            partAnnotations.put(PART_ANNOTATION, i + "/" + parts.size());
            maps.add(new ConfigMapBuilder()
                    .withNewMetadata().withName(partName.apply(i)).withNamespace(namespace)
                    .withLabels(new LinkedHashMap<>(labels)).withAnnotations(partAnnotations)
                    .withOwnerReferences(owner).endMetadata()
                    .withImmutable(true)
                    .withBinaryData(Map.of(DATA_KEY, Base64.getEncoder().encodeToString(parts.get(i))))
                    .build());
        }
        return maps;
    }

    /** Whether these ConfigMaps (of one run) hold every part. */
    public static boolean complete(List<ConfigMap> maps) {
        if (maps.isEmpty()) {
            return false;
        }
        int count = part(maps.getFirst())[1];
        return maps.stream().map(m -> part(m)[0]).distinct().count() == count;
    }

    /** The run held in these ConfigMaps (every part of one run, in any order). */
    public static PersistedRun read(List<ConfigMap> maps) {
        if (maps.isEmpty()) {
            throw new IllegalArgumentException("no results ConfigMap given");
        }
        List<ConfigMap> ordered = new ArrayList<>(maps);
        ordered.sort(Comparator.comparingInt(m -> part(m)[0]));
        int count = part(ordered.getFirst())[1];
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            ConfigMap m = ordered.stream().filter(c -> part(c)[0] == index).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("part " + index + " of " + count + " of the results is missing"));
            String data = m.getBinaryData() == null ? null : m.getBinaryData().get(DATA_KEY);
            if (data == null) {
                throw new IllegalArgumentException("ConfigMap " + m.getMetadata().getName() + " has no binaryData."
                        + DATA_KEY);
            }
            parts.add(Base64.getDecoder().decode(data));
        }
        return PersistedRunCodec.decode(PersistedRunCodec.join(parts));
    }

    /** {part, count} from the annotation. */
    private static int[] part(ConfigMap m) {
        String value = m.getMetadata().getAnnotations() == null ? null
                : m.getMetadata().getAnnotations().get(PART_ANNOTATION);
        if (value == null || !value.matches("\\d+/\\d+")) {
            throw new IllegalArgumentException("ConfigMap " + m.getMetadata().getName() + " has no valid "
                    + PART_ANNOTATION + " annotation (PART/COUNT), got " + value);
        }
        String[] both = value.split("/");
        return new int[] {Integer.parseInt(both[0]), Integer.parseInt(both[1])};
    }
}
