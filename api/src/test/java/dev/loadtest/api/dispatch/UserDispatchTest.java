package dev.loadtest.api.dispatch;

import dev.loadtest.api.control.UserClassInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserDispatchTest {

    private static final UserClassInfo A = new UserClassInfo("A", 1, 0);
    private static final UserClassInfo B = new UserClassInfo("B", 1, 0);
    private static final UserClassInfo C = new UserClassInfo("C", 1, 0);

    @Test
    void equalWeightsInterleaveByClassName() {
        assertThat(UserDispatch.sequence(List.of(C, B, A), 7)).containsExactly("A", "B", "C", "A", "B", "C", "A");
    }

    @Test
    void weightedMixTracksTheWeightsAtEveryPrefix() {
        UserClassInfo heavy = new UserClassInfo("Heavy", 3, 0);
        UserClassInfo light = new UserClassInfo("Light", 1, 0);
        List<String> order = UserDispatch.sequence(List.of(light, heavy), 400);
        for (int n = 1; n <= order.size(); n++) {
            long heavies = order.subList(0, n).stream().filter("Heavy"::equals).count();
            assertThat(Math.abs(heavies - 0.75 * n)).as("prefix %d", n).isLessThanOrEqualTo(1.0);
        }
        assertThat(UserDispatch.counts(List.of(light, heavy), 400)).isEqualTo(Map.of("Heavy", 300, "Light", 100));
    }

    @Test
    void fixedCountUsersComeFirstAndIgnoreTheirWeight() {
        UserClassInfo admin = new UserClassInfo("Admin", 100, 2);
        assertThat(UserDispatch.sequence(List.of(A, admin), 5)).containsExactly("Admin", "Admin", "A", "A", "A");
        assertThat(UserDispatch.counts(List.of(A, admin), 1)).isEqualTo(Map.of("A", 0, "Admin", 1));
    }

    @Test
    void zeroWeightClassesAreNeverSpawned() {
        UserClassInfo none = new UserClassInfo("None", 0, 0);
        assertThat(UserDispatch.counts(List.of(A, none), 10)).isEqualTo(Map.of("A", 10, "None", 0));
    }

    @Test
    void runnersGetWholeUsersWithTheRemainderOnTheFirstRunners() {
        List<Map<String, Integer>> split = UserDispatch.split(List.of(A), 10, 3);
        assertThat(split).extracting(m -> m.get("A")).containsExactly(4, 3, 3);
        assertThat(UserDispatch.split(List.of(A), 2, 3)).extracting(m -> m.get("A")).containsExactly(1, 1, 0);
    }

    @Test
    void splitAddsUpToTheSingleProcessCountsPerClass() {
        UserClassInfo fixed = new UserClassInfo("Fixed", 1, 3);
        List<UserClassInfo> classes = List.of(A, new UserClassInfo("B", 2, 0), fixed);
        List<Map<String, Integer>> split = UserDispatch.split(classes, 101, 4);
        Map<String, Integer> single = UserDispatch.counts(classes, 101);
        for (String cls : single.keySet()) {
            assertThat(split.stream().mapToInt(m -> m.get(cls)).sum()).as(cls).isEqualTo(single.get(cls));
        }
        assertThat(single).isEqualTo(Map.of("Fixed", 3, "A", 33, "B", 65));
        // fixed-count users are spread over runners first: one each on the first three
        assertThat(split).extracting(m -> m.get("Fixed")).containsExactly(1, 1, 1, 0);
    }

    @Test
    void spawnRateIsSharedInProportionToUsers() {
        List<Map<String, Integer>> split = UserDispatch.split(List.of(A), 10, 3);
        assertThat(UserDispatch.spawnRates(5, split)).containsExactly(2.0, 1.5, 1.5);
    }

    @Test
    void rejectsZeroRunners() {
        assertThatThrownBy(() -> UserDispatch.split(List.of(A), 1, 0)).hasMessageContaining("runners");
    }
}
