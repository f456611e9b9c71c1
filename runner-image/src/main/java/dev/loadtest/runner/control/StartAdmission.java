package dev.loadtest.runner.control;

import dev.loadtest.api.control.RunnerState;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.control.StartPreflight;
import dev.loadtest.api.control.StartRefusal;
import dev.loadtest.runner.engine.Engine;
import dev.loadtest.runner.loadfile.LoadfileException;

import java.util.Map;

/**
 * Decides what a {@code POST /start} does to the engine, so that the coordinator's retries are harmless: a start
 * is checked against what the loadfile declares before anything runs; a refusal retrying cannot fix is
 * remembered for its run id and answered again without touching the engine (so {@code @OnTestStart} runs at most
 * once per run); a run id that already ran to its end is never started again. Callers serialise calls.
 */
final class StartAdmission {

    private final Engine engine;
    /** The last run id refused for good, and why. One is enough: a runner serves one run at a time. */
    private String refusedRun;
    private StartRefusal refusal;

    StartAdmission(Engine engine) {
        this.engine = engine;
    }

    /** Starts (or re-targets) the run; null when the engine took it, else why not. */
    StartRefusal admit(StartCommand command) {
        if (command.runId() == null || command.runId().isBlank()) {
            return StartRefusal.permanent(StartRefusal.Reasons.BAD_REQUEST, "runId", "The start has no runId.");
        }
        if (command.runId().equals(refusedRun)) {
            return refusal;
        }
        if (command.runId().equals(engine.runId()) && engine.state() == RunnerState.STOPPED) {
            return StartRefusal.permanent(StartRefusal.Reasons.RUN_FINISHED, null, "Run " + command.runId()
                    + " already ran to its end on this runner; a run is never started twice. Start a new run.");
        }
        boolean newRun = !command.runId().equals(engine.runId());
        if (newRun) {
            var info = engine.info();
            StartRefusal misfit = StartPreflight.check(command.host(), command.options(),
                    command.userClassCounts().entrySet().stream().filter(e -> e.getValue() > 0)
                            .map(Map.Entry::getKey).toList(),
                    info.declaredOptions(), info.hostlessClasses());
            if (misfit != null) {
                return remember(command.runId(), misfit);
            }
        }
        try {
            engine.start(command);
            return null;
        } catch (IllegalStateException e) {
            return new StartRefusal(StartRefusal.Reasons.RUN_IN_PROGRESS, null, e.getMessage(), true);
        } catch (LoadfileException e) {
            return remember(command.runId(), classify(e.getMessage()));
        }
    }

    private StartRefusal remember(String runId, StartRefusal why) {
        refusedRun = runId;
        refusal = why;
        return why;
    }

    /** The engine's own refusals, by the message it words them with. */
    static StartRefusal classify(String message) {
        if (message.startsWith("No tasks defined")) {
            return StartRefusal.permanent(StartRefusal.Reasons.NO_TASKS, "spec.tags", message);
        }
        if (message.startsWith("unknown user class")) {
            return StartRefusal.permanent(StartRefusal.Reasons.UNKNOWN_USER_CLASS, "spec.userClasses", message);
        }
        if (message.startsWith("@OnTestStart")) {
            return StartRefusal.permanent(StartRefusal.Reasons.TEST_START_FAILED, null, message
                    + " (it is not run again for this run; fix the hook or what it calls, then start a new run)");
        }
        if (message.startsWith("You must specify the base host")) {
            return StartRefusal.permanent(StartRefusal.Reasons.NO_HOST, "spec.host", message);
        }
        if (message.startsWith("options.")) {
            return StartRefusal.permanent(StartRefusal.Reasons.UNKNOWN_OPTION, "spec." + message.substring(0,
                    message.indexOf(' ')), message);
        }
        return StartRefusal.permanent(StartRefusal.Reasons.BAD_REQUEST, null, message);
    }
}
