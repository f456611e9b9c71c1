package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The decoded content of ConfigMaps and Secrets, as the bytes a container sees. */
final class KeyValues {
    private KeyValues() {
    }

    static Map<String, byte[]> of(ConfigMap configMap) {
        Map<String, byte[]> result = new LinkedHashMap<>();
        if (configMap.getData() != null) {
            configMap.getData().forEach((k, v) -> result.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (configMap.getBinaryData() != null) {
            configMap.getBinaryData().forEach((k, v) -> result.put(k, Base64.getDecoder().decode(v)));
        }
        return result;
    }

    static Map<String, byte[]> of(Secret secret) {
        Map<String, byte[]> result = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> result.put(k, Base64.getMimeDecoder().decode(v)));
        }
        // stringData is write-only on a real server, but a hand-made Secret in a unit test may use it
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> result.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return result;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
