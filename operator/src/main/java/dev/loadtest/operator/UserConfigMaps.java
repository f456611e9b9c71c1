package dev.loadtest.operator;

import dev.loadtest.operator.run.LoadfileConfigMapCheck;

/**
 * The user's own ConfigMaps a LoadTest names ({@code spec.loadfile.configMap}), read from the API server: the
 * informers hold only the objects this operator manages (by label), so a user's ConfigMap is never in their cache.
 */
public interface UserConfigMaps {

    /** What the API server holds of ConfigMap {@code name} in {@code namespace}. */
    LoadfileConfigMapCheck.Found find(String namespace, String name);
}
