package dev.loadtest.operator.resources;

import dev.loadtest.api.v1alpha1.LoadTest;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** Owner references that make the LoadTest the controller of what it owns. */
public final class Owners {

    private Owners() {
    }

    /**
     * {@code HasMetadata.addOwnerReference} leaves {@code controller} unset; set it, and blockOwnerDeletion, so
     * that garbage collection and {@code kubectl delete --cascade=foreground} treat the LoadTest as the owner.
     */
    public static OwnerReference controller(LoadTest owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
