package dev.loadtest.operator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.RunnerPodSpec;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.config.RunnerPodDefaults;
import dev.loadtest.operator.metrics.OperatorMetrics;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.operator.resources.Labels;
import dev.loadtest.operator.results.RunResults;
import dev.loadtest.operator.resources.LoadfileConfigMaps;
import dev.loadtest.operator.resources.Names;
import dev.loadtest.operator.resources.RunnerJobs;
import dev.loadtest.operator.resources.RunnerSecrets;
import dev.loadtest.operator.run.CleanupDecision;
import dev.loadtest.operator.run.EarlierRuns;
import dev.loadtest.operator.run.LoadTestUpdates;
import dev.loadtest.operator.run.RunDecisions;
import dev.loadtest.operator.run.RunSpecs;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.api.v1alpha1.SpecValidation;
import dev.loadtest.operator.status.Conditions;
import dev.loadtest.operator.status.Conditions.Reasons;
import dev.loadtest.operator.status.LoadTestStatusAggregator;
import dev.loadtest.operator.status.Phase;
import dev.loadtest.operator.status.RunObservation;
import dev.loadtest.operator.status.StatusWrites;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns each LoadTest into a run: validates the spec, creates the run's Secret, loadfile ConfigMap and runner Job,
 * and hands the run to {@link RunCoordinator}, which starts the runners together, polls and merges their
 * statistics and stops them. Waits by rescheduling, never by blocking. Status is computed by the pure
 * {@link LoadTestStatusAggregator} and written only when it changed (figures at most every
 * {@code loadtest.status-write-interval}).
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

    private final OperatorConfig config;
    private final KubernetesClient client;
    private final Clock clock;
    private final RunMemory memory = new RunMemory();
    private final EventRecorder events;
    private final RunCoordinator coordinator;
    private final OperatorMetrics metrics;
    /** The last ReconcileError message recorded per LoadTest (by uid), until a reconcile succeeds. */
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();
    private final RunnerPodSpec runnerPodDefaults;
    private final RunResults results;

    @Inject
    public LoadTestReconciler(OperatorConfig config, KubernetesClient client, OperatorMetrics metrics) {
        this(config, client, Clock.systemUTC(), metrics);
    }

    LoadTestReconciler(OperatorConfig config, KubernetesClient client, Clock clock, OperatorMetrics metrics) {
        this.config = config;
        this.client = client;
        this.clock = clock;
        this.metrics = metrics;
        // read once, at start: a faulty file stops the operator with a message naming it
        this.runnerPodDefaults = RunnerPodDefaults.load(config.runner().podDefaultsFile());
        this.events = new EventRecorder(client);
        this.results = new RunResults(client);
        this.coordinator = new RunCoordinator(config, new RunnerClient(MAPPER, config.runner().requestTimeout()),
                events, clock, metrics);
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

    private UpdateControl<LoadTest> decideAndAct(LoadTest loadTest, Context<LoadTest> context) {
        Instant now = clock.instant();
        String uid = loadTest.getMetadata().getUid();
        long generation = Optional.ofNullable(loadTest.getMetadata().getGeneration()).orElse(0L);
        LoadTestStatus status = currentStatus(loadTest);
        LoadTestSpec spec = loadTest.getSpec();

        RunDecisions.Triggers triggers = RunDecisions.Triggers.of(loadTest.getMetadata().getAnnotations());
        String cause = RunDecisions.newRunCause(status, generation, triggers);
        if (cause != null) {
            List<String> errors = SpecValidation.errors(spec);
            String previousRun = status == null ? null : status.getRunId();
            if (!errors.isEmpty()) {
                String message = "Invalid spec: " + String.join("; ", errors);
                return write(loadTest, status, RunObservation.invalidSpec(previousRun, message)
                        .withRerunToken(triggers.rerunToken()), now, null);
            }
            String runId = RunDecisions.newRunId();
            Log.infof("Started run %s of LoadTest %s/%s: %s", runId, loadTest.getMetadata().getNamespace(),
                    loadTest.getMetadata().getName(), cause);
            events.record(loadTest, EventRecorder.NORMAL, "RunCreated", "Run " + runId + " created with "
                    + runners(spec) + " runner(s) and " + spec.getUsers() + " users (" + cause + ")");
            RunObservation pending = RunObservation.builder(runId, Phase.Pending, Reasons.CREATING_RUNNERS,
                            "Creating the Secret, loadfile and runner Job of run " + runId + ".")
                    .runners(runners(spec), 0, 0).users(0).thresholds(hasThresholds(spec), null)
                    .rerunToken(triggers.rerunToken()).build();
            // the run id is written before anything is created, so that a crash here never leaves two runs
            return write(loadTest, status, pending, now, Duration.ofMillis(200));
        }
        if (status == null || status.getRunId() == null) {
            return UpdateControl.noUpdate(); // stopped before its first run, or an invalid spec with no run
        }

        String runId = status.getRunId();
        Phase phase = Phase.parse(status.getPhase());
        RunMemory.Run run = memory.of(uid, runId, now);
        if (!phase.inProgress()) {
            return cleanUp(loadTest, status, context, now);
        }
        Duration earlierDue = cleanUpEarlierRuns(loadTest, status, context, now);

        Optional<Secret> secret = secondary(context, Secret.class, Names.tokenSecret(name(loadTest), runId));
        Optional<Job> job = secondary(context, Job.class, Names.runnerJob(name(loadTest), runId));
        if (phase == Phase.Pending || secret.isEmpty() || job.isEmpty()) {
            if (phase != Phase.Pending && phase != Phase.Starting) {
                // the run's objects vanished under a started run: its runners are gone with them
                RunObservation failed = coordinator.lost(loadTest, status, run, now,
                        "The runner Job or Secret of run " + runId + " was deleted while the run was in progress.");
                return finish(loadTest, status, failed, now);
            }
            if (triggers.stop()) {
                RunObservation stopped = RunObservation.builder(runId, Phase.Failed, Reasons.STOPPED, "Run " + runId
                                + " was stopped by the " + RunDecisions.STOP_ANNOTATION + " annotation before its runners"
                                + " started.")
                        .runners(runners(spec), 0, 0).users(0).completionTime(now)
                        .thresholds(hasThresholds(spec), null).build();
                return finish(loadTest, status, stopped, now);
            }
            ensureChildren(loadTest, runId, secret.orElse(null), job.isPresent());
            RunObservation starting = RunObservation.builder(runId, Phase.Starting, Reasons.WAITING_FOR_RUNNERS,
                            "Waiting for " + runners(spec) + " runner(s) of run " + runId + " to be ready.")
                    .runners(runners(spec), 0, 0).users(0).thresholds(hasThresholds(spec), null).build();
            return write(loadTest, status, starting, now, config.pollInterval());
        }

        LoadTestSpec runSpec = RunSpecs.fromJson(RunnerSecrets.runSpecJson(secret.get()));
        String token = RunnerSecrets.token(secret.get());
        List<Pod> pods = context.getSecondaryResources(Pod.class).stream()
                .filter(p -> Labels.matches(p.getMetadata().getLabels(), Labels.runnerSelector(name(loadTest), runId)))
                .toList();
        RunCoordinator.Step step = coordinator.step(loadTest, status, run, new RunCoordinator.RunContext(
                runId, runSpec, RunSpecs.effective(runSpec, spec), RunSpecs.driftedFields(runSpec, spec), token,
                job.get(), pods, triggers.stop()), now);
        if (!step.observation().phase().inProgress()) {
            return finish(loadTest, status, step.observation(), now);
        }
        Duration recheck = step.recheckAfter();
        if (earlierDue != null && (recheck == null || earlierDue.compareTo(recheck) < 0)) {
            recheck = earlierDue;
        }
        return write(loadTest, status, step.observation(), now, recheck);
    }

    /**
     * A status the informer cache may not show yet: the one this operator wrote last, if the cached one is behind
     * it (an older run, or a finished phase where a run was already assigned).
     */
    private LoadTestStatus currentStatus(LoadTest loadTest) {
        LoadTestStatus cached = loadTest.getStatus();
        RunMemory.Run run = memory.peek(loadTest.getMetadata().getUid());
        if (run == null || run.lastWritten == null) {
            return cached;
        }
        LoadTestStatus written = run.lastWritten;
        boolean cacheBehind = cached == null || cached.getRunId() == null
                || (!cached.getRunId().equals(written.getRunId()) && written.getObservedGeneration() != null
                && cached.getObservedGeneration() != null
                && written.getObservedGeneration() >= cached.getObservedGeneration());
        return cacheBehind && written.getRunId() != null ? written : cached;
    }

    private UpdateControl<LoadTest> finish(LoadTest loadTest, LoadTestStatus status, RunObservation finished,
                                           Instant now) {
        boolean passed = finished.phase() == Phase.Succeeded;
        if (!passed) {
            stopRemainingRunners(loadTest, finished.runId());
        }
        keepResults(loadTest, status, finished);
        events.record(loadTest, passed ? EventRecorder.NORMAL : EventRecorder.WARNING, passed ? "RunSucceeded" : "RunFailed",
                finished.message());
        Log.infof("Finished run %s of LoadTest %s/%s: %s (%s)", finished.runId(), loadTest.getMetadata().getNamespace(),
                name(loadTest), finished.phase(), finished.reason());
        // look again soon: cleanup may be due at once
        return write(loadTest, status, finished, now, Duration.ofMillis(100));
    }

    /**
     * Persists the run's final merged figures (before status says the run ended, so that a crash in between writes
     * them again, once) and deletes the results of runs that left status.history. Never fails the run.
     */
    private void keepResults(LoadTest loadTest, LoadTestStatus status, RunObservation finished) {
        RunMemory.Run run = memory.peek(loadTest.getMetadata().getUid());
        try {
            if (run != null && run.runId.equals(finished.runId()) && !run.latest.isEmpty()) {
                StatsSnapshot merged = StatsSnapshot.merge(finished.runId(), run.latest.values());
                long inStatus = finished.summary() == null || finished.summary().getAggregated() == null
                        || finished.summary().getAggregated().getRequests() == null ? 0
                        : finished.summary().getAggregated().getRequests();
                int bytes = results.writeOnce(loadTest, RunResults.of(loadTest, status, finished, merged, run.recorder,
                        merged.total().numRequests() >= inStatus));
                if (bytes >= 0) {
                    Log.infof("Kept the results of run %s of LoadTest %s/%s (%d bytes)", finished.runId(),
                            loadTest.getMetadata().getNamespace(), name(loadTest), bytes);
                }
            }
            results.prune(loadTest, finished.runId(), status == null ? null : status.getHistory());
        } catch (RuntimeException e) {
            Log.warnf(e, "Could not keep the results of run %s", finished.runId());
            events.record(loadTest, EventRecorder.WARNING, "ResultsNotKept", "The results of run " + finished.runId()
                    + " could not be written: " + e.getMessage());
        }
    }

    /**
     * A failed run's Job is kept for inspection, but runners still pending or waiting for a start that will never
     * come must not linger: parallelism 0 makes the Job controller delete its active pods and keeps the failed
     * ones (with their termination messages).
     */
    private void stopRemainingRunners(LoadTest loadTest, String runId) {
        try {
            client.batch().v1().jobs().inNamespace(loadTest.getMetadata().getNamespace())
                    .withName(Names.runnerJob(name(loadTest), runId))
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"parallelism\":0}}");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                Log.warnf("Could not stop the remaining runners of run %s: %s", runId, e.getMessage());
            }
        }
    }

    /** After a run: delete its objects and the LoadTest when their TTLs are up (spec.cleanup). */
    private UpdateControl<LoadTest> cleanUp(LoadTest loadTest, LoadTestStatus status, Context<LoadTest> context,
                                            Instant now) {
        memory.forget(loadTest.getMetadata().getUid());
        metrics.observe(loadTest, status); // also after a restart, for the runs in status
        if (status.getCompletionTime() == null) {
            return UpdateControl.noUpdate();
        }
        CleanupDecision decision = CleanupDecision.decide(loadTest.getSpec().getCleanup(),
                Phase.Succeeded.name().equals(status.getPhase()), Instant.parse(status.getCompletionTime()), now);
        if (decision.deleteLoadTestNow()) {
            Log.infof("Deleting LoadTest %s/%s: spec.cleanup.ttlSecondsAfterFinished is up",
                    loadTest.getMetadata().getNamespace(), name(loadTest));
            client.resource(loadTest).delete();
            return UpdateControl.noUpdate();
        }
        if (decision.deleteRunnersNow()) {
            boolean any = deleteRun(loadTest, status.getRunId(), context);
            if (any) {
                events.record(loadTest, EventRecorder.NORMAL, "RunnersDeleted",
                        "Deleted the runner Job, pods, Secret and ConfigMap of run " + status.getRunId() + " per spec.cleanup.");
            }
        }
        Duration recheck = decision.recheckAfter();
        Duration earlierDue = cleanUpEarlierRuns(loadTest, status, context, now);
        if (earlierDue != null && (recheck == null || earlierDue.compareTo(recheck) < 0)) {
            recheck = earlierDue;
        }
        UpdateControl<LoadTest> control = UpdateControl.noUpdate();
        return recheck == null ? control : control.rescheduleAfter(recheck);
    }

    /**
     * Deletes the objects of runs before the current one once their own TTL is up (a failed run's are kept for
     * inspection whatever runs next); returns when to look again.
     */
    private Duration cleanUpEarlierRuns(LoadTest loadTest, LoadTestStatus status, Context<LoadTest> context,
                                        Instant now) {
        Set<String> runIds = new TreeSet<>();
        for (Class<? extends HasMetadata> type : List.of(Job.class, Secret.class, ConfigMap.class)) {
            for (HasMetadata r : context.getSecondaryResources(type)) {
                Map<String, String> labels = r.getMetadata().getLabels();
                if (labels != null && labels.get(Labels.RUN_ID) != null) {
                    runIds.add(labels.get(Labels.RUN_ID));
                }
            }
        }
        EarlierRuns.Due due = EarlierRuns.decide(loadTest.getSpec().getCleanup(), status.getRunId(),
                status.getHistory(), runIds, now);
        for (String runId : due.deleteNow()) {
            if (deleteRun(loadTest, runId, context)) {
                events.record(loadTest, EventRecorder.NORMAL, "RunnersDeleted", "Deleted the runner Job, pods, Secret"
                        + " and ConfigMap of earlier run " + runId + " per spec.cleanup.");
            }
        }
        return due.recheckAfter();
    }

    private UpdateControl<LoadTest> write(LoadTest loadTest, LoadTestStatus previous, RunObservation observation,
                                          Instant now, Duration recheck) {
        long generation = Optional.ofNullable(loadTest.getMetadata().getGeneration()).orElse(0L);
        LoadTestStatus next = LoadTestStatusAggregator.next(previous, generation, observation, now, config.historyLimit());
        RunMemory.Run run = observation.runId() == null ? null
                : memory.of(loadTest.getMetadata().getUid(), observation.runId(), now);
        Instant lastWrite = run == null ? null : run.lastStatusWrite;
        StatusWrites.Decision decision = StatusWrites.decide(previous, next, lastWrite, now, config.statusWriteInterval());
        recordTransition(loadTest, previous, next, observation);
        metrics.observe(loadTest, next);
        UpdateControl<LoadTest> control;
        if (decision == StatusWrites.Decision.NOW) {
            LoadTest patch = new LoadTest();
            patch.getMetadata().setName(loadTest.getMetadata().getName());
            patch.getMetadata().setNamespace(loadTest.getMetadata().getNamespace());
            patch.setStatus(next);
            if (run != null) {
                run.lastStatusWrite = now;
                run.lastWritten = next;
            }
            control = UpdateControl.patchStatus(patch);
        } else {
            control = UpdateControl.noUpdate();
            if (decision == StatusWrites.Decision.LATER && lastWrite != null) {
                Duration untilDue = Duration.between(now, lastWrite.plus(config.statusWriteInterval()));
                recheck = recheck == null || untilDue.compareTo(recheck) < 0 ? untilDue : recheck;
            }
        }
        return recheck == null ? control : control.rescheduleAfter(recheck);
    }

    /** Events for phase changes worth telling a human about; the terminal ones are recorded by {@link #finish}. */
    private void recordTransition(LoadTest loadTest, LoadTestStatus previous, LoadTestStatus next, RunObservation obs) {
        String before = previous == null ? null : previous.getPhase();
        String beforeReason = previous == null || previous.getConditions() == null ? null
                : previous.getConditions().stream().filter(c -> Conditions.READY.equals(c.getType()))
                .map(c -> c.getReason()).findFirst().orElse(null);
        if (obs.reason().equals(Reasons.INVALID_SPEC) && !Reasons.INVALID_SPEC.equals(beforeReason)) {
            events.record(loadTest, EventRecorder.WARNING, Reasons.INVALID_SPEC, obs.message());
        } else if (Phase.Stopping.name().equals(next.getPhase()) && !Phase.Stopping.name().equals(before)) {
            events.record(loadTest, Reasons.STOPPING.equals(obs.reason()) ? EventRecorder.NORMAL : EventRecorder.WARNING,
                    "Stopping" + (Reasons.STOPPING.equals(obs.reason()) ? "" : "After" + obs.reason()), obs.message());
        }
        boolean drifted = next.getConditions().stream().anyMatch(c -> Conditions.SPEC_DRIFTED.equals(c.getType())
                && Conditions.TRUE.equals(c.getStatus()));
        boolean driftedBefore = previous != null && previous.getConditions() != null && previous.getConditions().stream()
                .anyMatch(c -> Conditions.SPEC_DRIFTED.equals(c.getType()) && Conditions.TRUE.equals(c.getStatus())
                        && c.getMessage() != null && c.getMessage().equals(next.getConditions().stream()
                        .filter(n -> Conditions.SPEC_DRIFTED.equals(n.getType())).findFirst().get().getMessage()));
        if (drifted && !driftedBefore) {
            events.record(loadTest, EventRecorder.NORMAL, Reasons.SPEC_CHANGED_DURING_RUN, next.getConditions().stream()
                    .filter(c -> Conditions.SPEC_DRIFTED.equals(c.getType())).findFirst().get().getMessage());
        }
    }

    /** Creates the run's Secret, loadfile ConfigMap and Job if missing. Create-only: a run's objects never change. */
    private void ensureChildren(LoadTest loadTest, String runId, Secret existingSecret, boolean jobExists) {
        Secret secret = existingSecret;
        if (secret == null) {
            secret = createIfAbsent(RunnerSecrets.desired(loadTest, runId, RunnerSecrets.newToken(),
                    RunSpecs.toJson(loadTest.getSpec())));
        }
        if (loadTest.getSpec().getLoadfile().getInline() != null) {
            createIfAbsent(LoadfileConfigMaps.desired(loadTest, runId));
        }
        if (!jobExists) {
            // a Job started from a spec other than the one in the Secret (it changed between two reconciles)
            // would run with different settings than the run reports, so the Job uses the Secret's spec
            LoadTest asRun = copyWithSpec(loadTest, RunSpecs.fromJson(RunnerSecrets.runSpecJson(secret)));
            createIfAbsent(RunnerJobs.desired(asRun, runId, runnerPodDefaults, config.runner().image(),
                    config.runner().port()));
            Log.infof("Created runner Job %s/%s", loadTest.getMetadata().getNamespace(), Names.runnerJob(name(loadTest), runId));
        }
    }

    private static LoadTest copyWithSpec(LoadTest loadTest, LoadTestSpec spec) {
        LoadTest copy = new LoadTest();
        copy.setMetadata(loadTest.getMetadata());
        copy.setSpec(spec);
        return copy;
    }

    private <T extends HasMetadata> T createIfAbsent(T desired) {
        try {
            return client.resource(desired).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return client.resource(desired).get();
            }
            throw e;
        }
    }

    /** Deletes one run's objects; the Job's pods go with it (background propagation). */
    private boolean deleteRun(LoadTest loadTest, String runId, Context<LoadTest> context) {
        String name = name(loadTest);
        String ns = loadTest.getMetadata().getNamespace();
        boolean any = false;
        if (secondary(context, Job.class, Names.runnerJob(name, runId)).isPresent()) {
            client.batch().v1().jobs().inNamespace(ns).withName(Names.runnerJob(name, runId))
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            any = true;
        }
        if (secondary(context, Secret.class, Names.tokenSecret(name, runId)).isPresent()) {
            client.secrets().inNamespace(ns).withName(Names.tokenSecret(name, runId)).delete();
            any = true;
        }
        if (secondary(context, ConfigMap.class, Names.loadfileConfigMap(name, runId)).isPresent()) {
            client.configMaps().inNamespace(ns).withName(Names.loadfileConfigMap(name, runId)).delete();
            any = true;
        }
        return any;
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
