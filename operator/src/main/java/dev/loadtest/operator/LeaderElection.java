package dev.loadtest.operator;

import dev.loadtest.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leader election on a Lease, so that only one operator replica coordinates runs (QOSDK turns it on in the prod
 * profile). JOSDK 5.3.2 keeps reconciling after it lost its lease unless told to exit, and exiting from inside a
 * normal shutdown deadlocks; so a lost lease ends the process only when no shutdown is under way.
 */
@Singleton
public class LeaderElection {

    public static final String LEASE_NAME = "loadtest-operator-lease";

    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    /** Before QOSDK's own shutdown observer stops the operator, which makes the elector report a lost lease. */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        shuttingDown.set(true);
    }

    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElectionConfiguration(OperatorConfig config, KubernetesClient client) {
        // JOSDK cannot infer a namespace outside a pod and refuses to start without one
        String namespace = config.leaseNamespace()
                .orElse(client.getNamespace() != null ? client.getNamespace() : "default");
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME)
                .withLeaseNamespace(namespace)
                .withLeaseDuration(config.leaseDuration())
                .withRenewDeadline(config.leaseRenewDeadline())
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> Log.info("Became the leader; reconciling LoadTests"),
                        this::lostLeadership,
                        identity -> Log.infof("Leader is now %s", identity)))
                .build();
    }

    private void lostLeadership() {
        if (shuttingDown.get()) {
            return;
        }
        // another replica takes over; runners keep cumulative statistics, so nothing is lost
        Log.warn("Lost leadership; exiting so that only the new leader coordinates runs");
        Quarkus.asyncExit(1);
    }
}
