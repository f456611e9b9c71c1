package dev.loadtest.operator.run;

import dev.loadtest.api.shape.Stages;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.Stage;

import java.util.List;

/**
 * What a run with {@code spec.stages} dispatches at a run time: the spec with the stage in force's users,
 * spawn rate and arrival rate, so the coordinator re-dispatches on a stage change as it does on an edited {@code spec.users}.
 * Pure; a spec without stages is returned as it is.
 */
public final class StagedSpecs {

    private StagedSpecs() {
    }

    /** The spec to dispatch {@code runTimeSeconds} after the start; after the last stage, the last stage's. */
    public static LoadTestSpec at(LoadTestSpec spec, double runTimeSeconds) {
        List<Stage> stages = spec.getStages();
        if (stages == null || stages.isEmpty()) {
            return spec;
        }
        double rate = defaultRate(spec);
        Stages.Target target = Stages.targetAt(stages, rate, spec.getArrivalRate(), Math.min(runTimeSeconds,
                Math.nextDown(Stages.totalSeconds(stages))));
        LoadTestSpec staged = RunSpecs.fromJson(RunSpecs.toJson(spec));
        staged.setUsers(target.users());
        staged.setSpawnRate(target.spawnRate());
        staged.setArrivalRate(target.arrivalRate());
        return staged;
    }

    /** True once every stage is over: the run ends. */
    public static boolean over(LoadTestSpec spec, double runTimeSeconds) {
        return spec.getStages() != null && !spec.getStages().isEmpty()
                && runTimeSeconds >= Stages.totalSeconds(spec.getStages());
    }

    /** Seconds from {@code runTimeSeconds} to the next stage boundary (the end counts); null without stages. */
    public static Double secondsToNextChange(LoadTestSpec spec, double runTimeSeconds) {
        if (spec.getStages() == null || spec.getStages().isEmpty()) {
            return null;
        }
        double end = 0;
        for (Stage s : spec.getStages()) {
            end += dev.loadtest.api.Timespan.parseSeconds(s.getDuration());
            if (runTimeSeconds < end) {
                return end - runTimeSeconds;
            }
        }
        return 0.0;
    }

    /**
     * The runners' own stop time (their safety net should the operator be gone): spec.runTime, or the end of
     * the stages if that is sooner; null when neither is set.
     */
    public static Double runnerRunTime(LoadTestSpec spec, Double runTime) {
        if (spec.getStages() == null || spec.getStages().isEmpty()) {
            return runTime;
        }
        double stages = Stages.totalSeconds(spec.getStages());
        return runTime == null ? stages : Math.min(runTime, stages);
    }

    private static double defaultRate(LoadTestSpec spec) {
        return spec.getSpawnRate() == null ? 1 : spec.getSpawnRate();
    }
}
