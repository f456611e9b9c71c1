package dev.loadtest.operator.run;

import dev.loadtest.api.control.RunnerInfo;

import java.util.List;
import java.util.stream.IntStream;

/**
 * In which order the runners of a run get their {@code POST /start}. Pure.
 *
 * <p>A runner runs its {@code @OnTestStart} hooks inside its {@code POST /start}, before its first user, and
 * answers only when they are done (a hook that throws makes it refuse the start with {@code TestStartFailed}).
 * {@code @OnTestStart(oncePerTest = true)} hooks run on runner 0 only, typically to seed test data; so when the
 * loadfile has one, runner 0 is started alone first, and the others only once it accepted: no user anywhere
 * sends a request before the seeding is done. Without such hooks every runner is started at once.
 */
public final class StartWaves {

    private StartWaves() {
    }

    /** Runner indices, wave by wave: each wave is sent once every runner of the wave before it accepted. */
    public static List<List<Integer>> of(RunnerInfo runner0, int runners) {
        List<Integer> all = IntStream.range(0, runners).boxed().toList();
        if (runners > 1 && runner0 != null && Boolean.TRUE.equals(runner0.oncePerTestStart())) {
            return List.of(List.of(0), all.subList(1, runners));
        }
        return List.of(all);
    }
}
