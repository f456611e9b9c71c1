package dev.loadtest.operator.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.loadtest.api.v1alpha1.RunnerPodSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The operator-wide runner pod defaults: a YAML file of {@code spec.runnerPod}'s shape (same field names), named
 * by {@code loadtest.runner.pod-defaults-file} (env {@code LOADTEST_RUNNER_POD_DEFAULTS_FILE}); the Helm chart
 * mounts it from a ConfigMap. Read once at start: a changed file takes effect when the operator restarts.
 */
public final class RunnerPodDefaults {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RunnerPodDefaults() {
    }

    /** Empty settings when no file is configured; a clear error naming the file and the fault otherwise. */
    public static RunnerPodSpec load(Optional<Path> file) {
        if (file.isEmpty()) {
            return new RunnerPodSpec();
        }
        Path path = file.get();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("loadtest.runner.pod-defaults-file (LOADTEST_RUNNER_POD_DEFAULTS_FILE) names "
                    + path + ", which is not a readable file: mount the runner pod defaults there, or unset the setting");
        }
        try {
            return parse(Files.readString(path), path.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the runner pod defaults " + path + ": " + e.getMessage(), e);
        }
    }

    /** @param source what the text came from, for the error message */
    public static RunnerPodSpec parse(String yaml, String source) {
        if (yaml.isBlank()) {
            return new RunnerPodSpec();
        }
        try {
            RunnerPodSpec spec = YAML.readValue(yaml, RunnerPodSpec.class);
            return spec == null ? new RunnerPodSpec() : spec;
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalStateException("runner pod defaults " + source + ": unknown field \"" + e.getPropertyName()
                    + "\" at " + e.getPathReference() + "; the file has the shape of a LoadTest's spec.runnerPod "
                    + "(fields: image, resources, securityContext, containerSecurityContext, volumes, ...)", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("runner pod defaults " + source + " are not valid: " + e.getOriginalMessage()
                    + " at " + e.getLocation(), e);
        }
    }
}
