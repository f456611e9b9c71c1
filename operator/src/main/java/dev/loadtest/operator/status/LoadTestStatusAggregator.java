package dev.loadtest.operator.status;

import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.RunRecord;
import dev.loadtest.api.v1alpha1.RunSummary;
import dev.loadtest.api.v1alpha1.RunnersStatus;
import dev.loadtest.api.v1alpha1.ThresholdResult;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import static dev.loadtest.operator.status.Conditions.FALSE;
import static dev.loadtest.operator.status.Conditions.TRUE;
import static dev.loadtest.operator.status.Conditions.UNKNOWN;

/**
 * Computes a LoadTest's status from its previous status, its generation and what was observed. Pure. Conditions
 * keep their lastTransitionTime unless their status changes, so that writing an unchanged status is a no-op and
 * kstatus readers see stable transitions. A new run id moves the previous run into history.
 */
public final class LoadTestStatusAggregator {

    private LoadTestStatusAggregator() {
    }

    public static LoadTestStatus next(LoadTestStatus previous, long generation, RunObservation obs, Instant now,
                                      int historyLimit) {
        LoadTestStatus prev = previous == null ? new LoadTestStatus() : previous;
        boolean sameRun = Objects.equals(prev.getRunId(), obs.runId());
        LoadTestStatus s = new LoadTestStatus();
        s.setObservedGeneration(generation);
        s.setRunId(obs.runId());
        s.setPhase(obs.phase().name());
        s.setStartTime(obs.startTime() != null ? time(obs.startTime()) : sameRun ? prev.getStartTime() : null);
        s.setCompletionTime(obs.completionTime() != null ? time(obs.completionTime())
                : sameRun && !obs.phase().inProgress() ? prev.getCompletionTime() : null);
        s.setStopTime(obs.stopTime() != null ? time(obs.stopTime()) : sameRun ? prev.getStopTime() : null);
        s.setRerunToken(obs.rerunToken() != null ? obs.rerunToken() : sameRun ? prev.getRerunToken() : null);
        s.setLostRunners(obs.lostRunners() != null ? (obs.lostRunners().isEmpty() ? null : obs.lostRunners())
                : sameRun ? prev.getLostRunners() : null);
        // the run carries out this generation unless fields it cannot take live changed since it started
        s.setRunGeneration(obs.driftedFields().isEmpty() || !sameRun || prev.getRunGeneration() == null ? generation
                : prev.getRunGeneration());
        if (obs.expectedRunners() != null) {
            RunnersStatus runners = new RunnersStatus();
            runners.setExpected(obs.expectedRunners());
            runners.setReady(obs.readyRunners());
            runners.setFailed(obs.failedRunners());
            s.setRunners(runners);
        } else if (sameRun) {
            s.setRunners(prev.getRunners());
        }
        s.setUsers(obs.users() != null ? obs.users() : sameRun && obs.phase().inProgress() ? prev.getUsers() : null);
        if (!obs.phase().inProgress() && obs.users() == null) {
            s.setUsers(0);
        }
        s.setSummary(obs.summary() != null ? withoutEmptyStrings(obs.summary()) : sameRun ? prev.getSummary() : null);
        List<ThresholdResult> thresholds = obs.thresholds() != null ? obs.thresholds()
                : sameRun ? prev.getThresholds() : null;
        s.setThresholds(thresholds);
        s.setHistory(history(prev, sameRun, historyLimit));

        List<Condition> conditions = new ArrayList<>();
        Phase phase = obs.phase();
        String reason = obs.reason();
        String message = obs.message();
        conditions.add(condition(prev, Conditions.READY, phase == Phase.Succeeded ? TRUE : FALSE, reason, message,
                generation, now));
        conditions.add(condition(prev, Conditions.RECONCILING, phase.inProgress() ? TRUE : FALSE, reason, message,
                generation, now));
        conditions.add(condition(prev, Conditions.STALLED, phase == Phase.Failed ? TRUE : FALSE, reason, message,
                generation, now));
        conditions.add(condition(prev, Conditions.SUCCEEDED,
                phase.inProgress() ? UNKNOWN : phase == Phase.Succeeded ? TRUE : FALSE, reason, message, generation,
                now));
        conditions.add(thresholdsMet(prev, obs.thresholdsDefined(), thresholds, phase, generation, now));
        List<String> drift = obs.driftedFields();
        conditions.add(condition(prev, Conditions.SPEC_DRIFTED, drift.isEmpty() ? FALSE : TRUE,
                drift.isEmpty() ? Conditions.Reasons.NO_DRIFT : Conditions.Reasons.SPEC_CHANGED_DURING_RUN,
                drift.isEmpty() ? "The run uses the current spec."
                        : drift.stream().map(f -> "spec." + f).collect(Collectors.joining(", "))
                        + " changed while run " + obs.runId() + " is in progress; the change applies to the next run.",
                generation, now));
        s.setConditions(conditions);
        return s;
    }

    private static Condition thresholdsMet(LoadTestStatus prev, boolean defined, List<ThresholdResult> results,
                                           Phase phase, long generation, Instant now) {
        if (!defined) {
            return condition(prev, Conditions.THRESHOLDS_MET, TRUE, Conditions.Reasons.NO_THRESHOLDS,
                    "The spec has no thresholds.", generation, now);
        }
        if (results == null || results.isEmpty()) {
            return condition(prev, Conditions.THRESHOLDS_MET, UNKNOWN, Conditions.Reasons.NOT_EVALUATED,
                    "No statistics yet.", generation, now);
        }
        String when = phase.inProgress() ? "So far: " : "";
        List<ThresholdResult> failing = results.stream().filter(r -> !Boolean.TRUE.equals(r.getMet())).toList();
        if (failing.isEmpty()) {
            return condition(prev, Conditions.THRESHOLDS_MET, TRUE, Conditions.Reasons.THRESHOLDS_MET,
                    when + "all " + results.size() + " thresholds met.", generation, now);
        }
        return condition(prev, Conditions.THRESHOLDS_MET, FALSE, Conditions.Reasons.THRESHOLDS_NOT_MET,
                when + failing.stream().map(ThresholdResult::getMessage).collect(Collectors.joining("; ")), generation,
                now);
    }

    /** A condition; its lastTransitionTime is kept from the previous one of its type when the status is the same. */
    static Condition condition(LoadTestStatus prev, String type, String status, String reason, String message,
                               long generation, Instant now) {
        String since = time(now);
        if (prev.getConditions() != null) {
            for (Condition c : prev.getConditions()) {
                if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    since = c.getLastTransitionTime();
                }
            }
        }
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message == null || message.isEmpty() ? type + " is " + status + "." : message).withObservedGeneration(generation)
                .withLastTransitionTime(since).build();
    }

    /**
     * JOSDK sends status as a server-side-apply patch in YAML, where an empty string can arrive as null, which the
     * API server rejects for a string field (422). Aggregated's method is empty, so leave such fields out.
     */
    static RunSummary withoutEmptyStrings(RunSummary summary) {
        if (summary.getAggregated() != null && "".equals(summary.getAggregated().getMethod())) {
            summary.getAggregated().setMethod(null);
        }
        if (summary.getEndpoints() != null) {
            summary.getEndpoints().stream().filter(e -> "".equals(e.getMethod())).forEach(e -> e.setMethod(null));
        }
        if (summary.getFailures() != null) {
            summary.getFailures().forEach(f -> {
                if ("".equals(f.getMethod())) {
                    f.setMethod(null);
                }
                if ("".equals(f.getError())) {
                    f.setError(null);
                }
            });
        }
        return summary;
    }

    private static List<RunRecord> history(LoadTestStatus prev, boolean sameRun, int limit) {
        List<RunRecord> history = new ArrayList<>();
        if (!sameRun && prev.getRunId() != null) {
            history.add(record(prev));
        }
        if (prev.getHistory() != null) {
            history.addAll(prev.getHistory());
        }
        return history.isEmpty() ? null : List.copyOf(history.subList(0, Math.min(limit, history.size())));
    }

    /** The history entry of a run, from the status it ended with. */
    public static RunRecord record(LoadTestStatus s) {
        RunRecord r = new RunRecord();
        r.setRunId(s.getRunId());
        r.setStartTime(s.getStartTime());
        r.setCompletionTime(s.getCompletionTime());
        r.setResult(s.getPhase());
        if (s.getConditions() != null) {
            s.getConditions().stream().filter(c -> Conditions.SUCCEEDED.equals(c.getType())).findFirst()
                    .ifPresent(c -> r.setReason(c.getReason()));
            s.getConditions().stream().filter(c -> Conditions.THRESHOLDS_MET.equals(c.getType())).findFirst()
                    .filter(c -> !UNKNOWN.equals(c.getStatus()))
                    .ifPresent(c -> r.setThresholdsMet(TRUE.equals(c.getStatus())));
        }
        if (s.getSummary() != null && s.getSummary().getAggregated() != null) {
            r.setRequests(s.getSummary().getAggregated().getRequests());
            r.setFailures(s.getSummary().getAggregated().getFailures());
            r.setRps(s.getSummary().getAggregated().getRps());
            r.setP95Ms(s.getSummary().getAggregated().getP95Ms());
        }
        return r;
    }

    /** RFC 3339 in seconds, as Kubernetes writes times. */
    public static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
