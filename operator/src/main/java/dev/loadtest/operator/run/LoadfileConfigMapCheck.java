package dev.loadtest.operator.run;

import dev.loadtest.api.v1alpha1.ConfigMapLoadfile;
import dev.loadtest.api.v1alpha1.LoadTestSpec;

import java.util.Set;
import java.util.TreeSet;

/**
 * Whether the ConfigMap a LoadTest's {@code spec.loadfile.configMap} names is there, with its key, before a run is
 * created: without it the runner pods cannot mount their loadfile and wait in ContainerCreating until the start
 * timeout, with nothing in the LoadTest's status to say why. Pure: the ConfigMap's keys are looked up by the caller.
 */
public final class LoadfileConfigMapCheck {

    /**
     * What the API server holds of the ConfigMap named: {@code exists} false when it is not there; {@code keys} its
     * {@code data} and {@code binaryData} keys.
     */
    public record Found(boolean exists, Set<String> keys) {
        public Found {
            keys = keys == null ? Set.of() : Set.copyOf(keys);
        }

        public static Found missing() {
            return new Found(false, Set.of());
        }

        public static Found withKeys(Set<String> keys) {
            return new Found(true, keys);
        }
    }

    private LoadfileConfigMapCheck() {
    }

    /**
     * A message naming the field and the fix when the ConfigMap (or its key) is missing; null when it is there, when
     * the loadfile is not from a ConfigMap, or when {@code found} is null (not looked up).
     *
     * @param loadTest the LoadTest's name, for the command that starts a run once the ConfigMap is fixed
     */
    public static String problem(LoadTestSpec spec, String namespace, String loadTest, Found found) {
        ConfigMapLoadfile ref = spec.getLoadfile() == null ? null : spec.getLoadfile().getConfigMap();
        if (ref == null || found == null) {
            return null;
        }
        String rerun = " then start a run: kubectl annotate lt " + loadTest + " -n " + namespace + " "
                + RunDecisions.RERUN_ANNOTATION + "=\"$(date +%s)\" --overwrite";
        if (!found.exists()) {
            return "spec.loadfile.configMap.name: ConfigMap " + ref.getName() + " does not exist in namespace "
                    + namespace + ". Create it (kubectl create configmap " + ref.getName() + " -n " + namespace
                    + " --from-file=" + (ref.getKey() == null ? "ShopUser.java" : ref.getKey()) + ") or fix the name,"
                    + rerun + ".";
        }
        if (ref.getKey() != null && !found.keys().contains(ref.getKey())) {
            return "spec.loadfile.configMap.key: ConfigMap " + ref.getName() + " has no key " + ref.getKey()
                    + "; its keys are " + (found.keys().isEmpty() ? "none" : new TreeSet<>(found.keys()))
                    + ". Set spec.loadfile.configMap.key to one of them, or add " + ref.getKey()
                    + " to the ConfigMap and" + rerun + ".";
        }
        return null;
    }
}
