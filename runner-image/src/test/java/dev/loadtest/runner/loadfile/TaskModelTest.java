package dev.loadtest.runner.loadfile;

import dev.loadtest.SequentialTaskSet;
import dev.loadtest.Tag;
import dev.loadtest.Task;
import dev.loadtest.TaskSet;
import dev.loadtest.User;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TaskModelTest {

    static class Weighted extends User {
        @Task(1)
        void a() {
        }

        @Task(3)
        void b() {
        }

        @Task(0)
        void disabled() {
        }

        void notATask() {
        }
    }

    static class Base extends User {
        @Task
        void inherited() {
        }
    }

    static class Derived extends Base {
        @Task
        void own() {
        }
    }

    static class Ordered extends SequentialTaskSet {
        @Task
        void zeta() {
        }

        @Task(2)
        void alpha() {
        }

        @Task
        void middle() {
        }
    }

    static class Tagged extends User {
        @Task
        @Tag("a")
        void tagA() {
        }

        @Task
        @Tag({"a", "b"})
        void tagAB() {
        }

        @Task
        void untagged() {
        }

        @Task
        @Tag("nested")
        static class NestedSet extends TaskSet {
            @Task
            void inner() {
            }

            @Task
            @Tag("deep")
            void deeper() {
            }
        }
    }

    private static List<String> names(TaskModel m) {
        return m.entries().stream().map(TaskModel.Entry::name).toList();
    }

    @Test
    void tasksArePickedInProportionToTheirWeight() throws Exception {
        TaskModel m = TaskModel.of(Weighted.class, TagFilter.NONE);
        assertThat(names(m)).containsExactly("Weighted.a", "Weighted.b");
        Map<String, Integer> picks = new HashMap<>();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            picks.merge(m.pick().name(), 1, Integer::sum);
        }
        assertThat(picks.get("Weighted.b") / (double) n).isCloseTo(0.75, within(0.01));
        assertThat(picks.get("Weighted.a") / (double) n).isCloseTo(0.25, within(0.01));
    }

    @Test
    void baseClassTasksComeFirst() throws Exception {
        assertThat(names(TaskModel.of(Derived.class, TagFilter.NONE))).containsExactly("Base.inherited", "Derived.own");
    }

    @Test
    void sequentialTasksRunInDeclarationOrderWithWeightsAsRepeats() throws Exception {
        TaskModel m = TaskModel.of(Ordered.class, TagFilter.NONE);
        assertThat(m.sequential()).isTrue();
        List<String> run = java.util.stream.LongStream.range(0, 8).mapToObj(i -> m.inSequence(i).name()).toList();
        assertThat(run).containsExactly("Ordered.zeta", "Ordered.alpha", "Ordered.alpha", "Ordered.middle",
                "Ordered.zeta", "Ordered.alpha", "Ordered.alpha", "Ordered.middle");
    }

    @Test
    void includeTagsDropUntaggedTasksAndTagsOfATaskSetApplyInside() throws Exception {
        assertThat(names(TaskModel.of(Tagged.class, TagFilter.of(List.of("a"), null))))
                .containsExactly("Tagged.tagA", "Tagged.tagAB");
        TaskModel nested = TaskModel.of(Tagged.class, TagFilter.of(List.of("nested"), null));
        assertThat(names(nested)).containsExactly("NestedSet");
        assertThat(names(nested.entries().getFirst().nested())).containsExactly("NestedSet.inner", "NestedSet.deeper");
        TaskModel deep = TaskModel.of(Tagged.class, TagFilter.of(List.of("deep"), null));
        assertThat(names(deep.entries().getFirst().nested())).containsExactly("NestedSet.deeper");
    }

    @Test
    void excludeTagsKeepUntaggedTasksAndDropEmptiedTaskSets() throws Exception {
        assertThat(names(TaskModel.of(Tagged.class, TagFilter.of(null, List.of("b", "nested")))))
                .containsExactly("Tagged.tagA", "Tagged.untagged");
        assertThat(names(TaskModel.of(Tagged.class, TagFilter.of(List.of("a"), List.of("b")))))
                .containsExactly("Tagged.tagA");
    }

    static class WithParameters extends User {
        @Task
        void bad(int x) {
        }
    }

    @Test
    void aTaskWithParametersIsAnErrorNamingIt() {
        assertThatThrownBy(() -> TaskModel.of(WithParameters.class, TagFilter.NONE))
                .isInstanceOf(LoadfileException.class).hasMessage("WithParameters.bad: a @Task method takes no parameters");
    }
}
