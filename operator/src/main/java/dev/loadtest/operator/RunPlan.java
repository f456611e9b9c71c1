package dev.loadtest.operator;

import dev.loadtest.api.v1alpha1.LoadTestStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link RunLifecycle} decided: the next status, whether it is written now, the actions, and when to look
 * again. While a run's runners are being driven, {@link #driveRunners} says so: the reconciler has
 * {@link RunCoordinator} talk to them and hands their answer to {@link RunLifecycle#afterRunners}, which decides
 * the rest.
 *
 * @param status        the status computed (null: none, the LoadTest has nothing to show)
 * @param writeStatus   write it now (else it equals what is there, or only figures changed and a write is not due)
 * @param actions       in order
 * @param recheckAfter  when to reconcile again (null: on the next event)
 * @param driveRunners  the run to step through its runners' control API (null: nothing to drive)
 */
public record RunPlan(LoadTestStatus status, boolean writeStatus, List<RunAction> actions, Duration recheckAfter,
                      RunContext driveRunners) {

    public RunPlan {
        actions = List.copyOf(actions);
    }

    static RunPlan nothing() {
        return new RunPlan(null, false, List.of(), null, null);
    }

    /** This plan with {@code more} actions done first. */
    RunPlan after(List<RunAction> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<RunAction> all = new ArrayList<>(more);
        all.addAll(actions);
        return new RunPlan(status, writeStatus, all, recheckAfter, driveRunners);
    }

    static Duration sooner(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }
}
