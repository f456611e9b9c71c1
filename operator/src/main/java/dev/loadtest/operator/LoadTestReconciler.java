package dev.loadtest.operator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.operator.metrics.OperatorMetrics;
import dev.loadtest.operator.resources.Labels;
import dev.loadtest.operator.resources.Names;
import dev.loadtest.api.v1alpha1.ConfigMapLoadfile;
import dev.loadtest.operator.run.LoadTestUpdates;
import dev.loadtest.operator.run.RunDecisions;
import dev.loadtest.operator.status.LoadTestStatusAggregator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkus.logging.Log;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns each LoadTest into runs, thinly: it reads the facts of a reconcile from the informers ({@link RunFacts}),
 * has the pure {@link RunLifecycle} decide the next status and the actions, has {@link RunCoordinator} talk to the
 * runners when the run asks for it, carries the actions out with {@link RunActions} and writes status. Waits by
 * rescheduling, never by blocking. Its collaborators are injected (see {@link OperatorBeans}).
 */
// generation-aware processing would drop the rerun and stop annotations; LoadTestUpdates filters instead
@ControllerConfiguration(name = "loadtest", generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = LoadTestUpdates.class))
@RBACRule(apiGroups = "batch", resources = "jobs", verbs = {"get", "list", "watch", "create", "patch", "delete"})
@RBACRule(apiGroups = "", resources = "pods", verbs = {"get", "list", "watch"})
@RBACRule(apiGroups = "", resources = {"secrets", "configmaps"}, verbs = {"get", "list", "watch", "create", "delete"})
@RBACRule(apiGroups = "", resources = "events", verbs = {"create", "patch"})

public class LoadTestReconciler implements Reconciler<LoadTest> {

    static final ObjectMapper MAPPER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final RunLifecycle lifecycle;
    private final RunCoordinator coordinator;
    private final RunActions actions;
    private final RunMemory memory;
    private final LoadTestEvents events;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final UserConfigMaps userConfigMaps;
    /** The last ReconcileError message recorded per LoadTest (by uid), until a reconcile succeeds. */
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();

    @Inject
    public LoadTestReconciler(RunLifecycle lifecycle, RunCoordinator coordinator, RunActions actions, RunMemory memory,
                              LoadTestEvents events, OperatorMetrics metrics, Clock clock,
                              UserConfigMaps userConfigMaps) {
        this.lifecycle = lifecycle;
        this.coordinator = coordinator;
        this.actions = actions;
        this.memory = memory;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.userConfigMaps = userConfigMaps;
    }

    @Override
    public List<EventSource<?, LoadTest>> prepareEventSources(EventSourceContext<LoadTest> context) {
        return List.of(informer(context, Job.class), informer(context, Pod.class), informer(context, Secret.class),
                informer(context, ConfigMap.class));
    }

    /** Watches only what this operator manages; maps each object to its LoadTest by annotation (pods are owned by the Job). */
    private static <R extends HasMetadata> EventSource<R, LoadTest> informer(EventSourceContext<LoadTest> context,
                                                                           Class<R> type) {
        SecondaryToPrimaryMapper<R> toLoadTest = r -> {
            Map<String, String> annotations = r.getMetadata().getAnnotations();
            String name = annotations == null ? null : annotations.get(Labels.LOADTEST_ANNOTATION);
            return name == null ? Set.of() : Set.of(new ResourceID(name, r.getMetadata().getNamespace()));
        };
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, LoadTest.class)
                .withLabelSelector(Labels.managedSelector())
                .withSecondaryToPrimaryMapper(toLoadTest)
                .build(), context);
    }

    @Override
    public UpdateControl<LoadTest> reconcile(LoadTest loadTest, Context<LoadTest> context) {
        metrics.watch(() -> context.getPrimaryCache().list().toList());
        return metrics.timeReconcile(() -> reconcileTimed(loadTest, context));
    }

    private UpdateControl<LoadTest> reconcileTimed(LoadTest loadTest, Context<LoadTest> context) {
        UpdateControl<LoadTest> control = decideAndAct(loadTest, context);
        lastErrors.remove(loadTest.getMetadata().getUid());
        return control;
    }

    /** Reads the facts, has {@link RunLifecycle} decide, and carries the decision out. */
    private UpdateControl<LoadTest> decideAndAct(LoadTest loadTest, Context<LoadTest> context) {
        RunFacts facts = facts(loadTest, context, clock.instant());
        RunPlan plan = lifecycle.decide(facts);
        if (plan.driveRunners() != null) {
            RunMemory.Run run = memory.of(loadTest.getMetadata().getUid(), plan.driveRunners().runId(), facts.now());
            RunCoordinator.Step step = coordinator.step(loadTest, facts.status(), run, plan.driveRunners(), facts.now());
            plan = lifecycle.afterRunners(facts, plan, step);
        }
        actions.execute(loadTest, plan.actions(), context.resourceOperations()::create);
        if (plan.status() != null) {
            metrics.observe(loadTest, plan.status());
        }
        UpdateControl<LoadTest> control = UpdateControl.noUpdate();
        if (plan.writeStatus()) {
            writeStatus(loadTest, plan.status(), context, facts.now());
        }
        return plan.recheckAfter() == null ? control : control.rescheduleAfter(plan.recheckAfter());
    }

    /** The facts of one reconcile: the LoadTest and what the informers hold of its current run. */
    private RunFacts facts(LoadTest loadTest, Context<LoadTest> context, Instant now) {
        LoadTestStatus status = loadTest.getStatus();
        RunFacts.Builder facts = RunFacts.builder(loadTest, now).status(status)
                .runIdsWithObjects(runIdsWithObjects(context));
        ConfigMapLoadfile loadfileConfigMap = loadTest.getSpec().getLoadfile() == null ? null
                : loadTest.getSpec().getLoadfile().getConfigMap();
        if (loadfileConfigMap != null && loadfileConfigMap.getName() != null && RunDecisions.newRunCause(status,
                generation(loadTest), RunDecisions.Triggers.of(loadTest.getMetadata().getAnnotations())) != null) {
            // looked up only when a run is about to be created, the one decision that needs it
            facts.loadfileConfigMap(userConfigMaps.find(loadTest.getMetadata().getNamespace(),
                    loadfileConfigMap.getName()));
        }
        String runId = status == null ? null : status.getRunId();
        if (runId != null) {
            String name = name(loadTest);
            facts.runSecret(secondary(context, Secret.class, Names.tokenSecret(name, runId)).orElse(null))
                    .runJob(secondary(context, Job.class, Names.runnerJob(name, runId)).orElse(null))
                    .runLoadfile(secondary(context, ConfigMap.class, Names.loadfileConfigMap(name, runId)).orElse(null))
                    .runPods(context.getSecondaryResources(Pod.class).stream()
                            .filter(p -> Labels.matches(p.getMetadata().getLabels(), Labels.runnerSelector(name, runId)))
                            .toList());
            RunMemory.Run cached = memory.peek(loadTest.getMetadata().getUid());
            if (cached != null && runId.equals(cached.runId)) {
                facts.reported(List.copyOf(cached.latest.values())).lastStatusWrite(cached.lastStatusWrite);
            }
        }
        return facts.build();
    }

    /**
     * Server-side apply of the status, through JOSDK's {@code ResourceOperations}: it puts the answer in the
     * primary cache, so that the next reconcile decides from this status even before the watch delivers it (a run
     * id written a moment ago must never be decided again as "no run yet").
     */
    private void writeStatus(LoadTest loadTest, LoadTestStatus status, Context<LoadTest> context, Instant now) {
        LoadTest patch = new LoadTest();
        patch.getMetadata().setName(loadTest.getMetadata().getName());
        patch.getMetadata().setNamespace(loadTest.getMetadata().getNamespace());
        patch.setStatus(status);
        context.resourceOperations().serverSideApplyPrimaryStatus(patch);
        if (status.getRunId() != null) {
            memory.of(loadTest.getMetadata().getUid(), status.getRunId(), now).lastStatusWrite = now;
        }
    }

    private static Set<String> runIdsWithObjects(Context<LoadTest> context) {
        Set<String> runIds = new TreeSet<>();
        for (Class<? extends HasMetadata> type : List.of(Job.class, Secret.class, ConfigMap.class)) {
            for (HasMetadata r : context.getSecondaryResources(type)) {
                Map<String, String> labels = r.getMetadata().getLabels();
                if (labels != null && labels.get(Labels.RUN_ID) != null) {
                    runIds.add(labels.get(Labels.RUN_ID));
                }
            }
        }
        return runIds;
    }

    private static <R extends HasMetadata> Optional<R> secondary(Context<LoadTest> context, Class<R> type, String name) {
        return context.getSecondaryResources(type).stream().filter(r -> name.equals(r.getMetadata().getName()))
                .findFirst();
    }

    @Override
    public ErrorStatusUpdateControl<LoadTest> updateErrorStatus(LoadTest loadTest, Context<LoadTest> context,
                                                                Exception e) {
        Log.warnf(e, "Reconciling LoadTest %s/%s failed; retrying", loadTest.getMetadata().getNamespace(), name(loadTest));
        // one Event per distinct error, not one per retry: a persistent error would flood the LoadTest's Events
        String message = String.valueOf(e.getMessage());
        if (!message.equals(lastErrors.put(loadTest.getMetadata().getUid(), message))) {
            events.record(loadTest, EventRecorder.WARNING, "ReconcileError", message);
        }
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    private static long generation(LoadTest loadTest) {
        Long g = loadTest.getMetadata().getGeneration();
        return g == null ? 0 : g;
    }

    static String name(LoadTest loadTest) {
        return loadTest.getMetadata().getName();
    }

    static int runners(LoadTestSpec spec) {
        return spec.getRunners() == null ? 1 : spec.getRunners();
    }

    static boolean hasThresholds(LoadTestSpec spec) {
        return spec.getThresholds() != null && !spec.getThresholds().isEmpty();
    }

}
