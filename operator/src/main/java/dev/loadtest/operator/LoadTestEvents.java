package dev.loadtest.operator;

import dev.loadtest.api.v1alpha1.LoadTest;

/** Where Events on a LoadTest go; {@link EventRecorder} writes them to the API server. */
public interface LoadTestEvents {

    void record(LoadTest loadTest, String type, String reason, String message);
}
