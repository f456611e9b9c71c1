package dev.loadtest.operator.run;

import dev.loadtest.api.v1alpha1.LoadTest;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

import java.util.Objects;

/**
 * Which updates of a LoadTest are worth a reconcile: a spec change (new generation), a change of the rerun or stop
 * annotation, or the start of its deletion. Status-only updates, mostly this operator's own writes, are not.
 * JOSDK's generation-aware processing would drop the annotation changes, so it is off and this filter replaces it.
 */
public class LoadTestUpdates implements OnUpdateFilter<LoadTest> {

    @Override
    public boolean accept(LoadTest updated, LoadTest old) {
        if (!Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())) {
            return true;
        }
        if (updated.isMarkedForDeletion()) {
            return true;
        }
        return !RunDecisions.Triggers.of(updated.getMetadata().getAnnotations())
                .equals(RunDecisions.Triggers.of(old.getMetadata().getAnnotations()));
    }
}
