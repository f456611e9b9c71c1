package dev.loadtest.operator.resources;

import dev.loadtest.api.v1alpha1.RunnerPodSpec;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunnerPodSpecsTest {

    @Test
    void theLoadTestWinsFieldByFieldAndUnsetFieldsKeepTheDefault() {
        RunnerPodSpec defaults = new RunnerPodSpec();
        defaults.setImage("mirror.example/runner:1");
        defaults.setPriorityClassName("low");
        defaults.setLabels(Map.of("team", "platform", "cost-center", "42"));
        defaults.setImagePullSecrets(List.of(new LocalObjectReference("mirror")));
        defaults.setResources(new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("1Gi")).build());

        RunnerPodSpec own = new RunnerPodSpec();
        own.setPriorityClassName("high");
        own.setLabels(Map.of("team", "shop"));

        RunnerPodSpec merged = RunnerPodSpecs.merge(defaults, own);
        assertThat(merged.getImage()).isEqualTo("mirror.example/runner:1");
        assertThat(merged.getPriorityClassName()).isEqualTo("high");
        assertThat(merged.getLabels()).as("a whole field replaces the default's, maps included")
                .containsExactlyEntriesOf(Map.of("team", "shop"));
        assertThat(merged.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("mirror");
        assertThat(merged.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
    }

    @Test
    void eitherSideMayBeMissing() {
        RunnerPodSpec only = new RunnerPodSpec();
        only.setPriorityClassName("p");
        assertThat(RunnerPodSpecs.merge(null, only).getPriorityClassName()).isEqualTo("p");
        assertThat(RunnerPodSpecs.merge(only, null).getPriorityClassName()).isEqualTo("p");
        assertThat(RunnerPodSpecs.merge(null, null).getImage()).isNull();
    }

    @Test
    void mergingLeavesItsInputsAlone() {
        RunnerPodSpec defaults = new RunnerPodSpec();
        defaults.setImage("a");
        RunnerPodSpec own = new RunnerPodSpec();
        own.setImage("b");
        RunnerPodSpecs.merge(defaults, own).setImage("c");
        assertThat(defaults.getImage()).isEqualTo("a");
        assertThat(own.getImage()).isEqualTo("b");
    }
}
