package dev.loadtest.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Creates an object on the API server so that the next reconcile reads it back at once. The reconciler passes
 * JOSDK's {@code context.resourceOperations()::create}, its read-your-own-writes utility: the created object goes
 * into its informer's cache before the watch delivers it, so a reconcile that follows within milliseconds (the
 * run's status write triggers one) finds the run's Secret, ConfigMap and Job and does not create them again, which
 * would cost a 409 and a GET each.
 */
@FunctionalInterface
public interface Creates {

    <R extends HasMetadata> R create(R desired);
}
