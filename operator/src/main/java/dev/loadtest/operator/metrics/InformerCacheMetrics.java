package dev.loadtest.operator.metrics;

import dev.loadtest.api.v1alpha1.LoadTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.EventSourceManager;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * {@code loadtest_informer_objects{kind}}: how many objects the operator's informers hold, per kind. Its memory grows
 * with them, so they should count only what the operator manages (LoadTests, and the Jobs, runner pods, Secrets and
 * loadfile ConfigMaps of their runs), never the other pods and ConfigMaps of a busy namespace; this shows that they do.
 */
@Startup
@Singleton
public class InformerCacheMetrics {

    static final String CONTROLLER = "loadtest";
    static final List<Class<? extends HasMetadata>> SECONDARY = List.of(Job.class, Pod.class, Secret.class, ConfigMap.class);

    private final Instance<Operator> operator;

    @Inject
    public InformerCacheMetrics(MeterRegistry registry, Instance<Operator> operator) {
        this.operator = operator;
        gauge(registry, "LoadTest", m -> keys(m.getControllerEventSource()));
        for (Class<? extends HasMetadata> type : SECONDARY) {
            gauge(registry, type.getSimpleName(), m -> m.getEventSourcesFor(type).stream()
                    .mapToLong(InformerCacheMetrics::keys).sum());
        }
    }

    private void gauge(MeterRegistry registry, String kind, ToLongFunction<EventSourceManager<LoadTest>> count) {
        Gauge.builder("loadtest.informer.objects", this,
                        m -> m.eventSources().map(count::applyAsLong).map(Long::doubleValue).orElse(Double.NaN))
                .description("Objects held in the operator's informer caches, per kind").tag("kind", kind)
                .strongReference(true).register(registry);
    }

    private static long keys(Object eventSource) {
        return eventSource instanceof Cache<?> cache ? cache.keys().count() : 0;
    }

    /** The controller's event sources, once it is registered (not before the operator has started). */
    @SuppressWarnings("unchecked")
    private Optional<EventSourceManager<LoadTest>> eventSources() {
        if (!operator.isResolvable()) {
            return Optional.empty();
        }
        return operator.get().getRegisteredController(CONTROLLER).filter(Controller.class::isInstance)
                .map(c -> ((Controller<LoadTest>) c).getEventSourceManager());
    }
}
