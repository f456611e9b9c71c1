package dev.loadtest.operator.results;

import dev.loadtest.api.results.PersistedRun;
import dev.loadtest.api.results.PersistedRunCodec;
import dev.loadtest.api.results.ResultsConfigMaps;
import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.api.v1alpha1.RunRecord;
import dev.loadtest.operator.resources.Labels;
import dev.loadtest.operator.resources.Names;
import dev.loadtest.operator.resources.Owners;
import dev.loadtest.operator.status.RunObservation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.logging.Log;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps each finished run's results in the cluster (see {@link ResultsConfigMaps}): written once when the run ends,
 * kept as long as the run is the LoadTest's current run or in its status.history, deleted with the LoadTest (owner
 * reference). The results ConfigMaps are not in the operator's informer cache (they can be megabytes): they are
 * looked up by name and label when needed.
 */
public final class RunResults {

    private final KubernetesClient client;

    public RunResults(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The persisted form of a run that just ended. Pure.
     *
     * @param previous the status before the run's end (its start time)
     * @param complete false when some runners' figures are missing from {@code merged}
     */
    public static PersistedRun of(LoadTest loadTest, LoadTestStatus previous, RunObservation finished,
                                  StatsSnapshot merged, RunRecorder recorder, boolean complete) {
        LoadTestSpec spec = loadTest.getSpec();
        long end = (finished.completionTime() == null ? Instant.now() : finished.completionTime()).toEpochMilli();
        long start = previous != null && previous.getStartTime() != null
                ? Instant.parse(previous.getStartTime()).toEpochMilli()
                : merged.total().startTimeEpochMillis() > 0 ? merged.total().startTimeEpochMillis() : end;
        return new PersistedRun(PersistedRun.FORMAT_VERSION, loadTest.getMetadata().getNamespace(),
                loadTest.getMetadata().getName(), finished.runId(), spec.getHost(), loadfile(spec), spec.getUsers(),
                spec.getSpawnRate(), start, end, finished.phase().name(), finished.reason(), finished.message(),
                finished.thresholds(), complete, merged, recorder == null ? List.of() : recorder.chartPoints(),
                recorder == null ? List.of() : recorder.csvRows(), 0);
    }

    private static String loadfile(LoadTestSpec spec) {
        if (spec.getLoadfile() == null) {
            return null;
        }
        if (spec.getLoadfile().getConfigMap() != null) {
            return "ConfigMap " + spec.getLoadfile().getConfigMap().getName()
                    + (spec.getLoadfile().getConfigMap().getKey() == null ? "" : "/" + spec.getLoadfile().getConfigMap().getKey());
        }
        if (spec.getLoadfile().getInline() != null) {
            return String.join(", ", new TreeSet<>(spec.getLoadfile().getInline().keySet()));
        }
        return spec.getLoadfile().getPath();
    }

    /**
     * Writes the run's results unless they are already there (a restarted operator finishing the same run again);
     * returns how many bytes they took, or -1 when they were already written.
     */
    public int writeOnce(LoadTest loadTest, PersistedRun run) {
        String ns = loadTest.getMetadata().getNamespace();
        String name = loadTest.getMetadata().getName();
        if (client.configMaps().inNamespace(ns).withName(Names.results(name, run.runId(), 0)).get() != null) {
            return -1;
        }
        // parts of an attempt that crashed before its part 0 were cut from other bytes (a later merge): start again
        client.configMaps().inNamespace(ns).withLabelSelector(ResultsConfigMaps.selector(run.runId())).list()
                .getItems().stream().filter(m -> owned(m, loadTest)).forEach(m -> client.resource(m).delete());
        PersistedRunCodec.Fitted fitted = PersistedRunCodec.fit(run);
        if (fitted.run().foldedEndpoints() > 0) {
            Log.warnf("Results of run %s of LoadTest %s/%s exceed %d bytes: the %d least requested endpoints are"
                    + " folded into one row", run.runId(), ns, name, PersistedRunCodec.MAX_BYTES,
                    fitted.run().foldedEndpoints());
        }
        Map<String, String> labels = Labels.forRun(name, run.runId(), ResultsConfigMaps.COMPONENT);
        List<ConfigMap> parts = ResultsConfigMaps.desired(ns, i -> Names.results(name, run.runId(), i), labels,
                Map.of(Labels.LOADTEST_ANNOTATION, name), Owners.controller(loadTest), fitted.encoded());
        // part 0 last: its presence says every part is written
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                client.resource(parts.get(i)).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) { // 409: another instance wrote the same part meanwhile, which is as good
                    throw e;
                }
            }
        }
        return fitted.encoded().length;
    }

    /**
     * The kept results of one run of this LoadTest, for the operator's own views; empty when there are none (not
     * kept, expired, or not all parts written yet).
     */
    public Optional<PersistedRun> read(LoadTest loadTest, String runId) {
        List<ConfigMap> parts = client.configMaps().inNamespace(loadTest.getMetadata().getNamespace())
                .withLabelSelector(ResultsConfigMaps.selector(runId)).list().getItems().stream()
                .filter(m -> owned(m, loadTest)).toList();
        return ResultsConfigMaps.complete(parts) ? Optional.of(ResultsConfigMaps.read(parts)) : Optional.empty();
    }

    private static boolean owned(ConfigMap m, LoadTest loadTest) {
        return m.getMetadata().getOwnerReferences() != null && m.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> Objects.equals(o.getUid(), loadTest.getMetadata().getUid()));
    }

    /** Deletes the results of runs that are neither the current one nor in status.history; returns their run ids. */
    public Set<String> prune(LoadTest loadTest, String currentRunId, List<RunRecord> history) {
        Set<String> keep = new TreeSet<>();
        keep.add(currentRunId);
        if (history != null) {
            history.forEach(r -> keep.add(r.getRunId()));
        }
        Set<String> deleted = new TreeSet<>();
        List<ConfigMap> all = client.configMaps().inNamespace(loadTest.getMetadata().getNamespace())
                .withLabel(Labels.INSTANCE, Names.labelValue(loadTest.getMetadata().getName()))
                .withLabel(Labels.COMPONENT, ResultsConfigMaps.COMPONENT).list().getItems();
        for (ConfigMap m : all) {
            boolean ours = owned(m, loadTest);
            String runId = m.getMetadata().getLabels().get(Labels.RUN_ID);
            if (ours && runId != null && !keep.contains(runId)) {
                client.resource(m).delete();
                deleted.add(runId);
            }
        }
        return deleted;
    }
}
