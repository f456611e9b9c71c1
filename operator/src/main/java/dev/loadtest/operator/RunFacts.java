package dev.loadtest.operator;

import dev.loadtest.api.stats.StatsSnapshot;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import dev.loadtest.operator.run.LoadfileConfigMapCheck;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@link RunLifecycle#decide} decides from, read in one reconcile: the LoadTest (spec, annotations,
 * generation), its status, the current run's Secret (its spec snapshot and token) and Job, the run's pods, which
 * runs still have objects, and the clock. All of it comes from the API server, but for two caches that a restart
 * may lose without changing any decision that matters: the statistics the runners last reported (the runners hold
 * them cumulatively, and status holds what was written), and when status was last written (a restart writes at
 * once, which only costs one write).
 *
 * @param loadTest         the LoadTest as the informer (or this operator's last status write) shows it
 * @param status           its status: the newer of the cached one and the one this operator last wrote
 * @param runSecret        the current run's Secret (null: not there)
 * @param runJob           the current run's Job (null: not there)
 * @param runLoadfile      the current run's own loadfile ConfigMap, made from spec.loadfile.inline (null: not there)
 * @param runPods          the current run's runner pods
 * @param runIdsWithObjects the run ids that have a Job, Secret or ConfigMap (the current one included)
 * @param reported         the statistics this run's runners last reported to this operator (a cache)
 * @param lastStatusWrite  when this operator last wrote status for the current run (a cache; null: not known)
 * @param loadfileConfigMap what the API server holds of the ConfigMap spec.loadfile.configMap names (null: not
 *                         looked up: the loadfile is not from a ConfigMap, or no new run is due)
 * @param now              the clock
 */
public record RunFacts(LoadTest loadTest, LoadTestStatus status, Secret runSecret, Job runJob, ConfigMap runLoadfile,
                       List<Pod> runPods,
                       Set<String> runIdsWithObjects, Collection<StatsSnapshot> reported, Instant lastStatusWrite,
                       LoadfileConfigMapCheck.Found loadfileConfigMap, Instant now) {

    public RunFacts {
        Objects.requireNonNull(loadTest, "loadTest");
        Objects.requireNonNull(now, "now");
        runPods = runPods == null ? List.of() : List.copyOf(runPods);
        runIdsWithObjects = runIdsWithObjects == null ? Set.of() : Set.copyOf(runIdsWithObjects);
        reported = reported == null ? List.of() : List.copyOf(reported);
    }

    public static Builder builder(LoadTest loadTest, Instant now) {
        return new Builder(loadTest, now);
    }

    /** The same facts, read at {@code later}. */
    public RunFacts at(Instant later) {
        return new RunFacts(loadTest, status, runSecret, runJob, runLoadfile, runPods, runIdsWithObjects, reported,
                lastStatusWrite, loadfileConfigMap, later);
    }

    public long generation() {
        Long g = loadTest.getMetadata().getGeneration();
        return g == null ? 0 : g;
    }

    /** Names each fact, instead of eleven positional ones of which most may be absent. */
    public static final class Builder {
        private final LoadTest loadTest;
        private final Instant now;
        private LoadTestStatus status;
        private boolean statusSet;
        private Secret runSecret;
        private Job runJob;
        private ConfigMap runLoadfile;
        private List<Pod> runPods;
        private Set<String> runIdsWithObjects;
        private Collection<StatsSnapshot> reported;
        private Instant lastStatusWrite;
        private LoadfileConfigMapCheck.Found loadfileConfigMap;

        private Builder(LoadTest loadTest, Instant now) {
            this.loadTest = loadTest;
            this.now = now;
        }

        /** The status to decide from; by default the LoadTest's own. */
        public Builder status(LoadTestStatus status) {
            this.status = status;
            this.statusSet = true;
            return this;
        }

        public Builder runSecret(Secret secret) {
            this.runSecret = secret;
            return this;
        }

        public Builder runJob(Job job) {
            this.runJob = job;
            return this;
        }

        public Builder runLoadfile(ConfigMap loadfile) {
            this.runLoadfile = loadfile;
            return this;
        }

        public Builder runPods(List<Pod> pods) {
            this.runPods = pods;
            return this;
        }

        public Builder runIdsWithObjects(Set<String> runIds) {
            this.runIdsWithObjects = runIds;
            return this;
        }

        public Builder reported(Collection<StatsSnapshot> reported) {
            this.reported = reported;
            return this;
        }

        public Builder lastStatusWrite(Instant lastStatusWrite) {
            this.lastStatusWrite = lastStatusWrite;
            return this;
        }

        public Builder loadfileConfigMap(LoadfileConfigMapCheck.Found found) {
            this.loadfileConfigMap = found;
            return this;
        }

        public RunFacts build() {
            return new RunFacts(loadTest, statusSet ? status : loadTest.getStatus(), runSecret, runJob, runLoadfile,
                    runPods, runIdsWithObjects, reported, lastStatusWrite, loadfileConfigMap, now);
        }
    }
}
