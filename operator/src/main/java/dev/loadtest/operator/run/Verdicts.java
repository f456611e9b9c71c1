package dev.loadtest.operator.run;

import dev.loadtest.api.report.Thresholds;
import dev.loadtest.api.v1alpha1.ThresholdResult;
import dev.loadtest.operator.status.Conditions.Reasons;
import dev.loadtest.operator.status.Phase;

import java.util.List;
import java.util.stream.Collectors;

/** The verdict of a finished run. Pure. */
public final class Verdicts {

    /**
     * @param phase   Succeeded or Failed
     * @param reason  Completed, ThresholdsNotMet, ThresholdAborted, RunnerFailed...
     * @param message a sentence saying why
     */
    public record Verdict(Phase phase, String reason, String message) {
    }

    private Verdicts() {
    }

    /**
     * @param stopReason  why the run was stopped: {@link Reasons#STOPPING} when its time was up (or it stopped
     *                    itself), else the failure that stopped it early
     * @param stopMessage the message that came with it
     * @param results     the thresholds judged on the final merged statistics
     */
    public static Verdict decide(String stopReason, String stopMessage, List<ThresholdResult> results,
                                 String runId, long requests) {
        if (stopReason != null && !Reasons.STOPPING.equals(stopReason) && !Reasons.COMPLETED.equals(stopReason)) {
            return new Verdict(Phase.Failed, stopReason, stopMessage);
        }
        if (!Thresholds.allMet(results)) {
            return new Verdict(Phase.Failed, Reasons.THRESHOLDS_NOT_MET, "Run " + runId + " finished; thresholds not met: "
                    + results.stream().filter(r -> !Boolean.TRUE.equals(r.getMet())).map(ThresholdResult::getMessage)
                    .collect(Collectors.joining("; ")));
        }
        return new Verdict(Phase.Succeeded, Reasons.COMPLETED, "Run " + runId + " finished after " + requests
                + " requests" + (results.isEmpty() ? "." : "; all " + results.size() + " thresholds met."));
    }
}
