package dev.loadtest.operator.resources;

import dev.loadtest.api.v1alpha1.LoadTest;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The per-run Secret: the bearer token runners demand on their control API, and the spec the run was started
 * from (so that drift is detected and the run is finished with the settings it started with, even by an
 * operator that restarted).
 */
public final class RunnerSecrets {

    public static final String TOKEN_KEY = "token";
    public static final String RUN_SPEC_KEY = "run-spec.json";
    public static final String COMPONENT = "run-token";

    private static final SecureRandom RANDOM = new SecureRandom();

    private RunnerSecrets() {
    }

    /** 32 random bytes, hex: unguessable, and safe in an HTTP header. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static Secret desired(LoadTest loadTest, String runId, String token, String runSpecJson) {
        String name = loadTest.getMetadata().getName();
        return new SecretBuilder()
                .withNewMetadata()
                .withName(Names.tokenSecret(name, runId))
                .withNamespace(loadTest.getMetadata().getNamespace())
                .withLabels(Labels.forRun(name, runId, COMPONENT))
                .withAnnotations(Map.of(Labels.LOADTEST_ANNOTATION, name))
                .withOwnerReferences(Owners.controller(loadTest))
                .endMetadata()
                .withType("Opaque")
                .withData(Map.of(TOKEN_KEY, base64(token), RUN_SPEC_KEY, base64(runSpecJson)))
                .build();
    }

    public static String token(Secret secret) {
        return decoded(secret, TOKEN_KEY);
    }

    public static String runSpecJson(Secret secret) {
        return decoded(secret, RUN_SPEC_KEY);
    }

    private static String decoded(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        // a Secret read back from a fake or written with stringData
        return secret.getStringData() == null ? null : secret.getStringData().get(key);
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
