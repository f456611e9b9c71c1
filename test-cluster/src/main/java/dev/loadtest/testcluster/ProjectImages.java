package dev.loadtest.testcluster;

import com.github.dockerjava.api.command.BuildImageResultCallback;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * The project's own images, built by the tests from the production Dockerfiles ({@code runner-image/Dockerfile},
 * {@code operator/Dockerfile}) on locally made {@link BaseImages}, tagged as users get them:
 * {@code ghcr.io/loadtest/<name>:<version>}, where the version is the parent pom's {@code <version>} (the one
 * place it is set; see docs/images.md). Each is built at most once per JVM; the engine's layer cache makes a
 * rebuild of unchanged files take about a second.
 */
public final class ProjectImages {
    public static final String RUNNER_REPOSITORY = "ghcr.io/loadtest/runner";
    public static final String OPERATOR_REPOSITORY = "ghcr.io/loadtest/loadtest-operator";

    private static final Set<String> BUILT = new java.util.HashSet<>();

    private ProjectImages() {
    }

    /** The project's version: {@code /project/version} of the repository's root pom.xml. */
    public static String version() {
        Path pom = ProjectLayout.repositoryRoot().resolve("pom.xml");
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            var doc = factory.newDocumentBuilder().parse(pom.toFile());
            var children = doc.getDocumentElement().getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if ("version".equals(children.item(i).getNodeName())) {
                    return children.item(i).getTextContent().trim();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the project version from " + pom, e);
        }
        throw new IllegalStateException(pom + " has no <version>");
    }

    public static String runner() {
        return RUNNER_REPOSITORY + ":" + version();
    }

    public static String operator() {
        return OPERATOR_REPOSITORY + ":" + version();
    }

    /** Builds {@link #runner()} from runner-image/ (after the module's {@code package}). */
    public static String buildRunner() {
        return build(runner(), "runner-image", "target/loadtest-runner.jar", "runner-image");
    }

    /** Builds {@link #operator()} from operator/ (after the module's {@code package}: target/quarkus-app). */
    public static String buildOperator() {
        return build(operator(), "operator", "target/quarkus-app/quarkus-run.jar", "operator");
    }

    private static synchronized String build(String tag, String module, String artifact, String mavenModule) {
        if (BUILT.contains(tag)) {
            return tag;
        }
        Path dir = ProjectLayout.repositoryRoot().resolve(module);
        if (!Files.isRegularFile(dir.resolve(artifact))) {
            throw new IllegalStateException("Cannot build " + tag + ": " + dir.resolve(artifact) + " is missing; build it first: "
                    + "mvn -B -DskipTests package -pl " + mavenModule + " -am");
        }
        BaseImages.ensureAll();
        DockerEngine.shared().client().buildImageCmd(dir.toFile())
                .withDockerfile(dir.resolve("Dockerfile").toFile())
                .withBuildArg("VERSION", version())
                .withTags(Set.of(tag))
                .withPull(false)
                .exec(new BuildImageResultCallback())
                .awaitImageId(10, TimeUnit.MINUTES);
        BUILT.add(tag);
        return tag;
    }
}
