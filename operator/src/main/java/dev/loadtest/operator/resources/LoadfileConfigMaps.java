package dev.loadtest.operator.resources;

import dev.loadtest.api.v1alpha1.LoadTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

import java.util.Map;
import java.util.TreeMap;

/** The ConfigMap that carries an inline loadfile (spec.loadfile.inline), one key per source file. */
public final class LoadfileConfigMaps {

    public static final String COMPONENT = "loadfile";

    private LoadfileConfigMaps() {
    }

    public static ConfigMap desired(LoadTest loadTest, String runId) {
        String name = loadTest.getMetadata().getName();
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(Names.loadfileConfigMap(name, runId))
                .withNamespace(loadTest.getMetadata().getNamespace())
                .withLabels(Labels.forRun(name, runId, COMPONENT))
                .withAnnotations(Map.of(Labels.LOADTEST_ANNOTATION, name))
                .withOwnerReferences(Owners.controller(loadTest))
                .endMetadata()
                .withData(new TreeMap<>(loadTest.getSpec().getLoadfile().getInline()))
                .build();
    }
}
