package dev.loadtest.operator.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadtest.api.v1alpha1.RunnerPodSpec;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/**
 * The runner pod settings a run gets: the operator's defaults under the LoadTest's {@code spec.runnerPod}, and
 * the Pod Security Standards' restricted profile where neither says otherwise.
 */
public final class RunnerPodSpecs {

    /** The runner image's user (runner-image/Dockerfile): the restricted profile needs a non-root uid. */
    public static final long RUNNER_UID = 10001L;

    private static final ObjectMapper MAPPER = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private RunnerPodSpecs() {
    }

    /**
     * {@code override} over {@code defaults}, field by field: a field the LoadTest sets replaces the default's
     * whole field (a list or map is not merged entry by entry); a field it leaves unset keeps the default.
     * Either may be null.
     */
    public static RunnerPodSpec merge(RunnerPodSpec defaults, RunnerPodSpec override) {
        ObjectNode merged = defaults == null ? MAPPER.createObjectNode() : MAPPER.valueToTree(defaults);
        if (override != null) {
            merged.setAll((ObjectNode) MAPPER.valueToTree(override));
        }
        return MAPPER.convertValue(merged, RunnerPodSpec.class);
    }

    /** The restricted profile's pod-level part, used when neither the LoadTest nor the defaults set one. */
    public static PodSecurityContext restrictedPod() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(RUNNER_UID)
                .withRunAsGroup(RUNNER_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /** The restricted profile's container part, used when neither the LoadTest nor the defaults set one. */
    public static SecurityContext restrictedContainer() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }
}
