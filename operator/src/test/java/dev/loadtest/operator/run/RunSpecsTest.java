package dev.loadtest.operator.run;

import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.operator.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunSpecsTest {

    @Test
    void usersAndSpawnRateAreLiveNotDrift() {
        LoadTestSpec run = Fixtures.loadTest("a").getSpec();
        LoadTestSpec now = RunSpecs.fromJson(RunSpecs.toJson(run));
        now.setUsers(50);
        now.setSpawnRate(10.0);
        assertThat(RunSpecs.driftedFields(run, now)).isEmpty();
        LoadTestSpec effective = RunSpecs.effective(run, now);
        assertThat(effective.getUsers()).isEqualTo(50);
        assertThat(effective.getSpawnRate()).isEqualTo(10.0);
        assertThat(effective.getHost()).isEqualTo(run.getHost());
    }

    @Test
    void otherChangesAreDriftNamedByField() {
        LoadTestSpec run = Fixtures.loadTest("a").getSpec();
        LoadTestSpec now = RunSpecs.fromJson(RunSpecs.toJson(run));
        now.setHost("http://other:80");
        now.getLoadfile().setInline(Map.of("ShopUser.java", "changed"));
        now.setRunners(5);
        assertThat(RunSpecs.driftedFields(run, now)).containsExactly("host", "loadfile", "runners");
        assertThat(RunSpecs.effective(run, now).getHost()).as("the run keeps its host").isEqualTo(run.getHost());
    }

    @Test
    void anEmptyListIsNoChange() {
        LoadTestSpec run = Fixtures.loadTest("a").getSpec();
        LoadTestSpec now = RunSpecs.fromJson(RunSpecs.toJson(run));
        now.setTags(List.of());
        assertThat(RunSpecs.driftedFields(run, now)).isEmpty();
    }
}
