package dev.loadtest.api.v1alpha1;

import dev.loadtest.api.shape.Stages;

import java.util.ArrayList;
import java.util.List;

/** The open model's rules for {@code spec.arrivalRate} and the stages' rates; apart so that they read together. */
final class OpenModelValidation {

    private OpenModelValidation() {
    }

    static List<String> errors(LoadTestSpec spec) {
        List<String> errors = new ArrayList<>();
        Double rate = spec.getArrivalRate();
        if (rate != null) {
            if (!(rate >= 0 && Double.isFinite(rate))) {
                errors.add("spec.arrivalRate must be 0 or more iterations per second, was " + rate);
            } else if (rate > 0 && spec.getStages() == null && spec.getUsers() != null && spec.getUsers() < 1) {
                errors.add("spec.users is the ceiling of concurrent users with spec.arrivalRate: at least 1 to start "
                        + rate + " iterations per second, e.g. users: 50");
            }
        }
        errors.addAll(Stages.arrivalRateErrors(spec.getStages(), rate));
        return errors;
    }
}
