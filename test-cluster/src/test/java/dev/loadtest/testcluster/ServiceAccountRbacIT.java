package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(KubeClusterExtension.class)
class ServiceAccountRbacIT {
    private static final String NS = "rbac";

    @Test
    void podWithServiceAccountTokenIsRefusedAVerbItsRoleDoesNotGrant(KubernetesClient client) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata().withName("reader")
                .endMetadata().build()).create();
        client.rbac().roles().inNamespace(NS).resource(new RoleBuilder().withNewMetadata().withName("configmap-reader").endMetadata()
                .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "list").endRule().build()).create();
        client.rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder().withNewMetadata().withName("reader")
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "configmap-reader")
                .addNewSubject().withKind("ServiceAccount").withName("reader").withNamespace(NS).endSubject().build()).create();
        await("the token Secret of serviceaccount reader").atMost(Duration.ofSeconds(30)).until(() -> {
            var sa = client.serviceAccounts().inNamespace(NS).withName("reader").get();
            return sa.getSecrets() != null && !sa.getSecrets().isEmpty();
        });

        // The process talks to the API server as the pod's ServiceAccount, with what the kubelet handed it.
        String script = """
                sa=$POD_ROOT/var/run/secrets/kubernetes.io/serviceaccount
                api="$KUBERNETES_MASTER/api/v1/namespaces/$(cat $sa/namespace)/configmaps"
                list=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$KUBERNETES_CA_CERTIFICATE_FILE" -H "Authorization: Bearer $(cat $sa/token)" "$api")
                create=$(curl -s -o $POD_ROOT/tmp/body -w '%{http_code}' --cacert "$KUBERNETES_CA_CERTIFICATE_FILE" -H "Authorization: Bearer $KUBERNETES_AUTH_TOKEN" \
                  -H 'Content-Type: application/json' -X POST -d '{"metadata":{"name":"sneaky"}}' "$api")
                user=$(grep -o 'system:serviceaccount:[a-z:-]*' $POD_ROOT/tmp/body | head -1)
                printf 'list=%s create=%s user=%s' "$list" "$create" "$user" > $POD_ROOT/dev/termination-log
                """;
        Pod pod = new PodBuilder().withNewMetadata().withName("rbac-probe").endMetadata()
                .withNewSpec().withRestartPolicy("Never").withServiceAccountName("reader")
                .addNewContainer().withName("main").withImage("test-echo").withCommand("/bin/sh", "-c", script).endContainer()
                .endSpec().build();
        client.pods().inNamespace(NS).resource(pod).create();

        await("pod rbac-probe to finish").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Pod p = client.pods().inNamespace(NS).withName("rbac-probe").get();
            return p.getStatus() != null && ("Succeeded".equals(p.getStatus().getPhase()) || "Failed".equals(p.getStatus().getPhase()));
        });
        Pod done = client.pods().inNamespace(NS).withName("rbac-probe").get();
        ContainerStateTerminated terminated = done.getStatus().getContainerStatuses().getFirst().getState().getTerminated();
        assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(terminated.getMessage()).isEqualTo("list=200 create=403 user=system:serviceaccount:rbac:reader");
        assertThat(client.configMaps().inNamespace(NS).withName("sneaky").get()).isNull();
    }
}
