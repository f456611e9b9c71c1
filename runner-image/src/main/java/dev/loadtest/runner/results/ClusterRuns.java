package dev.loadtest.runner.results;

import dev.loadtest.api.results.PersistedRun;
import dev.loadtest.api.results.ResultsConfigMaps;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.RunRecord;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the results the operator keeps for finished runs, with the user's own kubeconfig ({@code KUBECONFIG}, else
 * {@code ~/.kube/config}; in a pod, its service account) and so with the user's own rights: get on loadtests and
 * list on configmaps in the namespace.
 */
public final class ClusterRuns implements AutoCloseable {

    private final KubernetesClient client;

    public ClusterRuns(KubernetesClient client) {
        this.client = client;
    }

    /**
     * fabric8 warns on every call that v1alpha1 is not a stable version, on stderr of a command whose output users
     * read; the CRD's version is ours to know. Held here so that the setting is not collected with the logger.
     */
    private static final Logger VERSION_WARNINGS =
            Logger.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils");

    /** A client for the current kubeconfig context. */
    public static ClusterRuns fromKubeconfig() {
        VERSION_WARNINGS.setLevel(Level.SEVERE);
        return new ClusterRuns(new KubernetesClientBuilder().build());
    }

    /** The run's persisted results; an error says whether the LoadTest, the run or its results are missing. */
    public PersistedRun fetch(RunReference ref) throws ResultsUnavailable {
        String ns = ref.namespace() != null ? ref.namespace() : client.getNamespace() == null ? "default"
                : client.getNamespace();
        try {
            LoadTest lt = client.resources(LoadTest.class).inNamespace(ns).withName(ref.name()).get();
            if (lt == null) {
                throw new ResultsUnavailable("there is no LoadTest " + ref.name() + " in namespace " + ns
                        + " (kubectl get loadtests -n " + ns + " lists them; name another namespace as NAMESPACE/NAME)");
            }
            List<String> runs = runs(lt);
            String current = lt.getStatus() == null ? null : lt.getStatus().getRunId();
            String runId = ref.runId() != null ? ref.runId() : current;
            String label = ns + "/" + ref.name();
            if (runId == null) {
                throw new ResultsUnavailable("LoadTest " + label + " has not run yet");
            }
            if (runId.equals(current) && lt.getStatus().getCompletionTime() == null) {
                throw new ResultsUnavailable("run " + runId + " of LoadTest " + label + " is still in progress (phase "
                        + lt.getStatus().getPhase() + "): its results are kept when it ends; wait with kubectl wait"
                        + " --for=condition=Reconciling=False loadtest/" + ref.name() + " -n " + ns);
            }
            List<ConfigMap> parts = new ArrayList<>(client.configMaps().inNamespace(ns)
                    .withLabelSelector(ResultsConfigMaps.selector(runId)).list().getItems());
            parts.removeIf(m -> m.getMetadata().getOwnerReferences() == null || m.getMetadata().getOwnerReferences()
                    .stream().noneMatch(o -> Objects.equals(o.getUid(), lt.getMetadata().getUid())));
            if (parts.isEmpty()) {
                if (!runs.contains(runId)) {
                    throw new ResultsUnavailable("LoadTest " + label + " has no run " + runId + " (its runs: "
                            + String.join(", ", runs) + "). A run that left status.history (the operator's"
                            + " loadtest.history-limit) has had its results deleted with it: they expired.");
                }
                throw new ResultsUnavailable("the results of run " + runId + " of LoadTest " + label + " were not kept"
                        + " (no ConfigMap labelled " + ResultsConfigMaps.selector(runId) + "): the run ended before"
                        + " its runners reported any figures, under an operator without results, or they could not"
                        + " be written (see kubectl describe loadtest " + ref.name() + " -n " + ns
                        + ", event ResultsNotKept)");
            }
            if (!ResultsConfigMaps.complete(parts)) {
                throw new ResultsUnavailable("the results of run " + runId + " of LoadTest " + label + " are"
                        + " incomplete (" + parts.size() + " part(s) found): the operator writes the missing ones when"
                        + " it finishes the run again; if it has, they were deleted by hand");
            }
            try {
                return ResultsConfigMaps.read(parts);
            } catch (IllegalArgumentException e) {
                throw new ResultsUnavailable("the results of run " + runId + " of LoadTest " + label
                        + " cannot be read: " + e.getMessage(), e);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw new ResultsUnavailable("the Kubernetes API server refused: " + e.getStatus().getMessage()
                        + ". Reading results needs get on loadtests.loadtest.dev and list on configmaps in namespace "
                        + ns, e);
            }
            throw new ResultsUnavailable("cannot read from the Kubernetes API server at "
                    + client.getConfiguration().getMasterUrl() + ": " + e.getMessage()
                    + " (the kubeconfig is $KUBECONFIG, else ~/.kube/config; check its current context)", e);
        }
    }

    /** The LoadTest's latest run, then the ones in status.history, newest first. */
    static List<String> runs(LoadTest lt) {
        List<String> runs = new ArrayList<>();
        if (lt.getStatus() != null && lt.getStatus().getRunId() != null) {
            runs.add(lt.getStatus().getRunId());
        }
        if (lt.getStatus() != null && lt.getStatus().getHistory() != null) {
            lt.getStatus().getHistory().stream().map(RunRecord::getRunId).forEach(runs::add);
        }
        return runs;
    }

    @Override
    public void close() {
        client.close();
    }
}
