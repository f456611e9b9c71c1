package dev.loadtest.api.shape;

import dev.loadtest.api.Timespan;
import dev.loadtest.api.v1alpha1.Stage;

import java.util.List;

/**
 * The target of a staged run at a given run time: the pure function behind {@code spec.stages}, shared by the
 * local run and the operator so that both follow the same curve. Stage {@code i} is in force from the sum of
 * the durations before it (inclusive) to the sum including it (exclusive); after the last stage the run ends.
 */
public final class Stages {

    /**
     * What to run now: {@code users} in all, reached at {@code spawnRate} users a second; in the open model,
     * {@code arrivalRate} iterations a second with {@code users} as the ceiling (null: the closed model).
     */
    public record Target(int users, double spawnRate, Double arrivalRate) {
        public Target(int users, double spawnRate) {
            this(users, spawnRate, null);
        }
    }

    private Stages() {
    }

    /**
     * The target at {@code runTimeSeconds} since the start; null once every stage is over. Stages must be
     * valid (see {@code SpecValidation}); a stage without a spawn rate uses {@code defaultSpawnRate}.
     */
    public static Target targetAt(List<Stage> stages, double defaultSpawnRate, double runTimeSeconds) {
        return targetAt(stages, defaultSpawnRate, null, runTimeSeconds);
    }

    /**
     * As {@link #targetAt(List, double, double)}, for a run that may be in the open model: a stage without an arrival
     * rate uses {@code defaultArrivalRate} (spec.arrivalRate; null for the closed model).
     */
    public static Target targetAt(List<Stage> stages, double defaultSpawnRate, Double defaultArrivalRate,
                                  double runTimeSeconds) {
        double end = 0;
        for (Stage s : stages) {
            end += Timespan.parseSeconds(s.getDuration());
            if (runTimeSeconds < end) {
                return new Target(s.getUsers(), s.getSpawnRate() != null ? s.getSpawnRate() : defaultSpawnRate,
                        s.getArrivalRate() != null ? s.getArrivalRate() : defaultArrivalRate);
            }
        }
        return null;
    }

    /** How long the stages last in all, in seconds. */
    public static double totalSeconds(List<Stage> stages) {
        return stages.stream().mapToDouble(s -> Timespan.parseSeconds(s.getDuration())).sum();
    }

    /**
     * Errors of the open model in {@code spec.stages}: once spec.arrivalRate or any stage sets a rate, every stage
     * needs one (a run cannot switch between the closed and the open model), and needs a ceiling of at least one user
     * when its rate is above zero.
     */
    public static List<String> arrivalRateErrors(List<Stage> stages, Double defaultArrivalRate) {
        List<String> errors = new java.util.ArrayList<>();
        if (stages == null) {
            return errors;
        }
        boolean open = defaultArrivalRate != null
                || stages.stream().anyMatch(s -> s != null && s.getArrivalRate() != null);
        if (!open) {
            return errors;
        }
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            if (s == null) {
                continue;
            }
            String field = "spec.stages[" + i + "]";
            Double rate = s.getArrivalRate() != null ? s.getArrivalRate() : defaultArrivalRate;
            if (rate == null) {
                errors.add(field + ".arrivalRate is required: other stages run the open model (set an arrivalRate on "
                        + "every stage, or spec.arrivalRate for all of them)");
            } else if (!(rate >= 0 && Double.isFinite(rate))) {
                errors.add(field + ".arrivalRate must be 0 or more iterations per second, was " + rate);
            } else if (rate > 0 && s.getUsers() != null && s.getUsers() < 1) {
                errors.add(field + ".users is the ceiling of concurrent users in the open model: at least 1 to start "
                        + rate + " iterations per second, e.g. users: 50");
            }
        }
        return errors;
    }

    /** Errors of {@code spec.stages}, each naming the field and the fix; empty when they are valid. */
    public static List<String> errors(List<Stage> stages) {
        List<String> errors = new java.util.ArrayList<>();
        if (stages == null) {
            return errors;
        }
        if (stages.isEmpty()) {
            errors.add("spec.stages is empty: add stages such as {duration: 1m, users: 10} or remove the field");
        }
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            String field = "spec.stages[" + i + "]";
            if (s == null) {
                errors.add(field + " is empty: give duration and users");
                continue;
            }
            if (s.getDuration() == null) {
                errors.add(field + ".duration is required, e.g. duration: 1m");
            } else {
                try {
                    if (!(Timespan.parseSeconds(s.getDuration()) > 0)) {
                        errors.add(field + ".duration must be more than zero, was '" + s.getDuration() + "'");
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(field + ".duration: " + e.getMessage());
                }
            }
            if (s.getUsers() == null) {
                errors.add(field + ".users is required: the total users during the stage, 0 or more");
            } else if (s.getUsers() < 0) {
                errors.add(field + ".users must be 0 or more, was " + s.getUsers());
            }
            if (s.getSpawnRate() != null && !(s.getSpawnRate() > 0 && Double.isFinite(s.getSpawnRate()))) {
                errors.add(field + ".spawnRate must be more than zero, was " + s.getSpawnRate()
                        + " (leave it out to use spec.spawnRate)");
            }
        }
        return errors;
    }
}
