package dev.loadtest.operator;

import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.config.RunnerPodDefaults;
import dev.loadtest.operator.metrics.OperatorMetrics;
import dev.loadtest.operator.results.RunResults;
import dev.loadtest.operator.runner.RunnerClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The reconciler's collaborators as CDI beans, so that {@link LoadTestReconciler} gets them injected and a test
 * can build it from its own (fakes of {@link RunObjects} and {@link LoadTestEvents}, a fixed clock).
 */
@Singleton
public class OperatorBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** What the operator caches about the runs in progress: rebuilt from the API server and the runners if lost. */
    @Produces
    @Singleton
    RunMemory runMemory() {
        return new RunMemory();
    }

    @Produces
    @Singleton
    EventRecorder eventRecorder(KubernetesClient client) {
        return new EventRecorder(client);
    }

    @Produces
    @Singleton
    RunLifecycle runLifecycle(OperatorConfig config) {
        return new RunLifecycle(new RunLifecycle.Settings(config.pollInterval(), config.statusWriteInterval(),
                config.historyLimit()));
    }

    @Produces
    @Singleton
    RunCoordinator runCoordinator(OperatorConfig config, EventRecorder events, Clock clock, OperatorMetrics metrics) {
        return new RunCoordinator(config, new RunnerClient(LoadTestReconciler.MAPPER, config.runner().requestTimeout()),
                events, clock, metrics);
    }

    /** Reads the runner pod defaults once, at start: a faulty file stops the operator with a message naming it. */
    @Produces
    @Singleton
    RunObjects runObjects(KubernetesClient client, OperatorConfig config) {
        return new KubernetesRunObjects(client, RunnerPodDefaults.load(config.runner().podDefaultsFile()),
                config.runner().image(), config.runner().port());
    }

    @Produces
    @Singleton
    RunActions runActions(RunObjects objects, EventRecorder events, RunMemory memory, KubernetesClient client) {
        return new RunActions(objects, events, memory, new KeptRunResults(new RunResults(client), memory, events));
    }
}
