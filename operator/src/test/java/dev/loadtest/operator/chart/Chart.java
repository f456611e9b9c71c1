package dev.loadtest.operator.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.loadtest.testcluster.ProjectLayout;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The chart in charts/loadtest-operator, rendered by real Helm (helm-java) and parsed into Kubernetes objects. */
public final class Chart {

    public static final Path ROOT = ProjectLayout.repositoryRoot();
    public static final Path DIR = ROOT.resolve("charts/loadtest-operator");
    public static final String RELEASE = "loadtest-operator";
    public static final String NAMESPACE = "loadtest-system";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private Chart() {
    }

    public static Helm helm() {
        return new Helm(DIR);
    }

    /** A values file for Helm (-f) with these values. */
    public static Path valuesFile(Map<String, ?> values) {
        try {
            Path file = Files.createTempFile("loadtest-chart-values", ".yaml");
            YAML.writeValue(file.toFile(), values);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code helm template} with these values: the manifests as YAML. */
    public static String templateYaml(Map<String, ?> values) {
        TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion("1.20.2");
        return template.withValuesFile(valuesFile(values)).call();
    }

    /** {@code helm template} with these values, parsed (CRDs are not rendered, as with {@code helm template}). */
    public static Rendered template(Map<String, ?> values) {
        return Rendered.parse(templateYaml(values));
    }

    /** The parent pom's own {@code <version>}: the project's one version. */
    public static String projectVersion() {
        try {
            String pom = Files.readString(ROOT.resolve("pom.xml"));
            Matcher m = Pattern.compile("<artifactId>loadtest-parent</artifactId>\\s*<version>([^<]+)</version>")
                    .matcher(pom);
            if (!m.find()) {
                throw new IllegalStateException("no <version> after <artifactId>loadtest-parent</artifactId> in pom.xml");
            }
            return m.group(1).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parsed manifests. */
    public record Rendered(String yaml, List<HasMetadata> objects) {

        public static Rendered parse(String yaml) {
            List<HasMetadata> objects = new ArrayList<>();
            for (String doc : yaml.split("(?m)^---\\s*$")) {
                if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
                    continue;
                }
                objects.add(KUBE.unmarshal(doc, HasMetadata.class));
            }
            return new Rendered(yaml, objects);
        }

        public <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        public List<HasMetadata> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
        }

        public <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = all(type);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + found.size());
            }
            return found.getFirst();
        }

        public <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
            return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
        }

        public List<String> kinds() {
            return objects.stream().map(HasMetadata::getKind).toList();
        }
    }
}
