package dev.loadtest.testcluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * Starts a {@link KubeCluster} before a test class and closes it after (also when tests fail), and injects
 * {@link KubeCluster} and {@link KubernetesClient} parameters.
 *
 * <pre>{@code
 * @ExtendWith(KubeClusterExtension.class)          // defaults: crds = <repo>/crds, kubelet on
 * class MyIT { @Test void t(KubernetesClient client) { ... } }
 *
 * class MyOtherIT {
 *     @RegisterExtension
 *     static KubeClusterExtension cluster = KubeClusterExtension.builder()
 *             .image("ghcr.io/loadtest/runner", ImageCommand.javaJar(runnerJar)).build();
 *     @Test void t() { cluster.client()... }
 * }
 * }</pre>
 * Nested test classes share their outer class's cluster.
 */
public final class KubeClusterExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KubeClusterExtension.class);
    private static final String KEY = "cluster";

    private final KubeCluster.Builder settings;
    private KubeCluster cluster;

    /** The defaults, for {@code @ExtendWith(KubeClusterExtension.class)}. */
    public KubeClusterExtension() {
        this(KubeCluster.builder());
    }

    private KubeClusterExtension(KubeCluster.Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        KubeCluster shared = context.getStore(NAMESPACE).get(KEY, KubeCluster.class);
        if (shared != null) {
            cluster = shared; // a nested class: its outer class's cluster is already there
            return;
        }
        String testClass = context.getRequiredTestClass().getName();
        cluster = settings.copy().name(testClass).build().start();
        context.getStore(NAMESPACE).put(KEY, cluster);
        context.getStore(NAMESPACE).put(KEY + ".owner", context.getUniqueId());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (context.getUniqueId().equals(store.get(KEY + ".owner", String.class))) {
            KubeCluster started = store.remove(KEY, KubeCluster.class);
            store.remove(KEY + ".owner");
            if (started != null) {
                started.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KubeCluster.class || type == KubernetesClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        KubeCluster current = context.getStore(NAMESPACE).get(KEY, KubeCluster.class);
        if (current == null) {
            throw new ParameterResolutionException("no test cluster: KubeClusterExtension starts it in beforeAll, "
                    + "so register it on the class (static field with @RegisterExtension, or @ExtendWith)");
        }
        return parameter.getParameter().getType() == KubeCluster.class ? current : current.client();
    }

    /** The running cluster (between beforeAll and afterAll). */
    public KubeCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the cluster starts in beforeAll: register the extension as a static field");
        }
        return cluster;
    }

    public KubernetesClient client() {
        return cluster().client();
    }

    public Path kubeconfig() {
        return cluster().kubeconfig();
    }

    public ProcessKubelet kubelet() {
        return cluster().kubelet();
    }

    /** Same settings as {@link KubeCluster.Builder}. */
    public static final class Builder {
        private final KubeCluster.Builder settings = KubeCluster.builder();

        private Builder() {
        }

        public Builder crds(Path dirOrFile) {
            settings.crds(dirOrFile);
            return this;
        }

        public Builder withKubelet(boolean withKubelet) {
            settings.withKubelet(withKubelet);
            return this;
        }

        public Builder image(String imagePrefix, ImageCommand command) {
            settings.image(imagePrefix, command);
            return this;
        }

        public Builder controllers(String controllers) {
            settings.controllers(controllers);
            return this;
        }

        public Builder logsDir(Path logsDir) {
            settings.logsDir(logsDir);
            return this;
        }

        public Builder auditLog(boolean auditLog) {
            settings.auditLog(auditLog);
            return this;
        }

        public KubeClusterExtension build() {
            return new KubeClusterExtension(settings.copy());
        }
    }
}
