package dev.loadtest.operator;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestStatus;
import dev.loadtest.operator.status.RunObservation;

/** Where a finished run's results are kept; {@link KeptRunResults} writes them to the cluster. Never fails the run. */
interface ResultsKeeper {

    void keep(LoadTest loadTest, LoadTestStatus before, RunObservation finished);
}
