package dev.loadtest.operator;

import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.config.RunnerPodDefaults;
import dev.loadtest.operator.metrics.OperatorMetrics;
import dev.loadtest.operator.results.RunResults;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.run.LoadfileConfigMapCheck;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;

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

    /** One GET per new run of a LoadTest whose loadfile is a ConfigMap of the user's. */
    @Produces
    @Singleton
    UserConfigMaps userConfigMaps(KubernetesClient client) {
        return (namespace, name) -> {
            ConfigMap found = client.configMaps().inNamespace(namespace).withName(name).get();
            if (found == null) {
                return LoadfileConfigMapCheck.Found.missing();
            }
            Set<String> keys = new TreeSet<>();
            if (found.getData() != null) {
                keys.addAll(found.getData().keySet());
            }
            if (found.getBinaryData() != null) {
                keys.addAll(found.getBinaryData().keySet());
            }
            return LoadfileConfigMapCheck.Found.withKeys(keys);
        };
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
