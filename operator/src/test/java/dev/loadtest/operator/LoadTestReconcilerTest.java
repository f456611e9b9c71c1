package dev.loadtest.operator;

import dev.loadtest.api.v1alpha1.ConfigMapLoadfile;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.api.v1alpha1.RunnerPodSpec;
import dev.loadtest.operator.metrics.OperatorMetrics;
import dev.loadtest.operator.run.LoadfileConfigMapCheck;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.status.LoadTestStatusAggregator;
import dev.loadtest.operator.status.Phase;
import dev.loadtest.operator.status.RunObservation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.ResourceOperations;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler's unit tier: {@link LoadTestReconciler} with its collaborators injected (the real lifecycle,
 * coordinator, actions and {@link KubernetesRunObjects} up to the API call) and a minimal JOSDK {@link Context}
 * standing in for the API server: its {@code resourceOperations()} records the writes and refuses a second create
 * of the same object with a 409, as the API server does, and its informer cache shows what was created at once, as
 * JOSDK's read-your-own-writes {@code ResourceOperations#create} makes the real one do. No API server, no runners.
 */
class LoadTestReconcilerTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** Every write, in order: "create Kind name", "status Phase Reason", "event Type Reason". */
    private final List<String> writes = new ArrayList<>();
    /** The objects the operator created, by "Kind/name": its informers' cache. */
    private final Map<String, HasMetadata> cache = new LinkedHashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private LoadfileConfigMapCheck.Found userConfigMap = LoadfileConfigMapCheck.Found.missing();
    private LoadTest loadTest = Fixtures.loadTest("shop");

    private LoadTestReconciler reconciler() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        OperatorMetrics metrics = OperatorMetrics.none();
        LoadTestEvents events = (lt, type, reason, message) -> writes.add("event " + type + " " + reason);
        EventRecorder recorder = new EventRecorder(null) {
            @Override
            public void record(LoadTest lt, String type, String reason, String message) {
                events.record(lt, type, reason, message);
            }
        };
        RunMemory memory = new RunMemory();
        RunLifecycle lifecycle = new RunLifecycle(new RunLifecycle.Settings(Duration.ofSeconds(2), Duration.ofSeconds(5),
                10), () -> "run777", () -> "t0k3n");
        RunCoordinator coordinator = new RunCoordinator(RunCoordinatorTest.config(8089),
                new RunnerClient(LoadTestReconciler.MAPPER, Duration.ofSeconds(1)), recorder, clock, metrics);
        // no client: anything beyond the creates (a 409's GET, a delete) would fail the test
        RunActions actions = new RunActions(new KubernetesRunObjects(null, new RunnerPodSpec(), "runner:test", 8089),
                events, memory, (lt, before, finished) -> writes.add("keep results of " + finished.runId()));
        UserConfigMaps userConfigMaps = (namespace, name) -> {
            lookups.add(namespace + "/" + name);
            return userConfigMap;
        };
        return new LoadTestReconciler(lifecycle, coordinator, actions, memory, events, metrics, clock, userConfigMaps);
    }

    /** One reconcile, as JOSDK runs it: then the status written is what the next one reads (the primary cache). */
    private UpdateControl<LoadTest> reconcile(LoadTestReconciler reconciler) {
        return reconciler.reconcile(loadTest, new MinimalContext());
    }

    @Test
    void aNewLoadTestGetsItsRunIdThenItsObjectsOnceAndAFastThirdReconcileCreatesNothing() {
        LoadTestReconciler reconciler = reconciler();
        UpdateControl<LoadTest> first = reconcile(reconciler);
        assertThat(writes).containsExactly("event Normal RunCreated", "status Pending CreatingRunners");
        assertThat(first.getScheduleDelay()).hasValue(RunLifecycle.AFTER_RUN_CREATED.toMillis());

        writes.clear();
        reconcile(reconciler);
        assertThat(writes).containsExactly("create Secret shop-run777-token", "create ConfigMap shop-run777-loadfile",
                "create Job shop-run777", "status Starting WaitingForRunners");

        // at once, before any watch event could have arrived: the cache already shows the three objects
        writes.clear();
        reconcile(reconciler);
        assertThat(writes).as("no create again, so no 409").noneMatch(w -> w.startsWith("create"));
        assertThat(cache.keySet()).containsExactly("Secret/shop-run777-token", "ConfigMap/shop-run777-loadfile",
                "Job/shop-run777");
    }

    @Test
    void anUnchangedApplyAfterARunDoesNothing() {
        loadTest.setStatus(finished());
        LoadTestReconciler reconciler = reconciler();
        reconcile(reconciler);
        assertThat(writes).isEmpty();
        assertThat(cache).isEmpty();
    }

    @Test
    void aSpecChangeAfterARunStartsANewRun() {
        loadTest.setStatus(finished());
        loadTest.getMetadata().setGeneration(2L);
        loadTest.getSpec().setUsers(50);
        LoadTestReconciler reconciler = reconciler();
        reconcile(reconciler);
        assertThat(writes).containsExactly("event Normal RunCreated", "status Pending CreatingRunners");
        assertThat(loadTest.getStatus().getRunId()).isEqualTo("run777");
        assertThat(loadTest.getStatus().getHistory()).extracting("runId").containsExactly("run001");
    }

    @Test
    void aLoadfileConfigMapThatIsNotThereStallsAtOnceWithAnEventAndNothingCreated() {
        ConfigMapLoadfile ref = new ConfigMapLoadfile();
        ref.setName("shop-loadfile");
        LoadfileSource source = new LoadfileSource();
        source.setConfigMap(ref);
        loadTest.getSpec().setLoadfile(source);
        LoadTestReconciler reconciler = reconciler();
        reconcile(reconciler);
        assertThat(lookups).containsExactly("shop/shop-loadfile");
        assertThat(writes).containsExactly("event Warning LoadfileNotFound", "status Failed LoadfileNotFound");
        assertThat(loadTest.getStatus().getRunId()).isNull();

        // stalled: a reconcile that follows looks nothing up and writes nothing
        writes.clear();
        lookups.clear();
        reconcile(reconciler);
        assertThat(lookups).isEmpty();
        assertThat(writes).isEmpty();
    }

    @Test
    void theUsersLoadfileConfigMapIsLookedUpOnlyWhenARunIsAboutToBeCreated() {
        ConfigMapLoadfile ref = new ConfigMapLoadfile();
        ref.setName("shop-loadfile");
        ref.setKey("ShopUser.java");
        LoadfileSource source = new LoadfileSource();
        source.setConfigMap(ref);
        loadTest.getSpec().setLoadfile(source);
        userConfigMap = LoadfileConfigMapCheck.Found.withKeys(Set.of("ShopUser.java"));
        LoadTestReconciler reconciler = reconciler();
        reconcile(reconciler);
        assertThat(lookups).containsExactly("shop/shop-loadfile");
        assertThat(loadTest.getStatus().getRunId()).isEqualTo("run777");

        lookups.clear();
        reconcile(reconciler);
        assertThat(lookups).as("the run exists: its objects are created, nothing looked up").isEmpty();
        assertThat(writes).contains("create Secret shop-run777-token", "create Job shop-run777")
                .noneMatch(w -> w.startsWith("create ConfigMap"));
    }

    private dev.loadtest.api.v1alpha1.LoadTestStatus finished() {
        return LoadTestStatusAggregator.next(null, 1, RunObservation.builder("run001", Phase.Succeeded, "Completed",
                        "Run run001 finished.").runners(3, 0, 0).users(0).startTime(NOW.minusSeconds(120))
                .completionTime(NOW.minusSeconds(60)).build(), NOW.minusSeconds(60), 10);
    }

    /** The writes of a reconcile, as the API server would take them. */
    private final class Writes extends ResourceOperations<LoadTest> {
        Writes(Context<LoadTest> context) {
            super(context);
        }

        @Override
        public <R extends HasMetadata> R create(R desired) {
            String key = desired.getKind() + "/" + desired.getMetadata().getName();
            if (cache.containsKey(key)) {
                throw new KubernetesClientException("object is being created: " + key + " already exists", 409, null);
            }
            writes.add("create " + desired.getKind() + " " + desired.getMetadata().getName());
            desired.getMetadata().setCreationTimestamp(NOW.toString());
            cache.put(key, desired);
            return desired;
        }

        @Override
        public LoadTest serverSideApplyPrimaryStatus(LoadTest patch) {
            writes.add("status " + patch.getStatus().getPhase() + " " + patch.getStatus().getConditions().stream()
                    .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow().getReason());
            loadTest.setStatus(patch.getStatus());
            return loadTest;
        }
    }

    /** Just what the reconciler reads of a JOSDK Context: its secondary resources and its resource operations. */
    private final class MinimalContext implements Context<LoadTest> {

        @Override
        public Optional<RetryInfo> getRetryInfo() {
            return Optional.empty();
        }

        @Override
        public <R> Set<R> getSecondaryResources(Class<R> type, boolean deduplicate) {
            return getSecondaryResourcesAsStream(type, deduplicate).collect(Collectors.toSet());
        }

        @Override
        public <R> Stream<R> getSecondaryResourcesAsStream(Class<R> type, boolean deduplicate) {
            return cache.values().stream().filter(type::isInstance).map(type::cast);
        }

        @Override
        public <R> Optional<R> getSecondaryResource(Class<R> type, String eventSourceName) {
            return getSecondaryResourcesAsStream(type, false).findFirst();
        }

        @Override
        public ControllerConfiguration<LoadTest> getControllerConfiguration() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
            throw new UnsupportedOperationException();
        }

        @Override
        public EventSourceRetriever<LoadTest> eventSourceRetriever() {
            throw new UnsupportedOperationException();
        }

        @Override
        public KubernetesClient getClient() {
            throw new UnsupportedOperationException("no API server in a unit test");
        }

        @Override
        public ResourceOperations<LoadTest> resourceOperations() {
            return new Writes(this);
        }

        @Override
        public ExecutorService getWorkflowExecutorService() {
            throw new UnsupportedOperationException();
        }

        @Override
        public LoadTest getPrimaryResource() {
            return loadTest;
        }

        @Override
        public IndexedResourceCache<LoadTest> getPrimaryCache() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isNextReconciliationImminent() {
            return false;
        }

        @Override
        public boolean isPrimaryResourceDeleted() {
            return false;
        }

        @Override
        public boolean isPrimaryResourceFinalStateUnknown() {
            return false;
        }
    }
}
