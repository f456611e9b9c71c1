package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.Container;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Stands in for a container image: turns a container into the local command line that plays its entrypoint.
 *
 * <p>How the container's {@code command} and {@code args} are used is up to each mapping. The built-ins:
 * <ul>
 * <li>{@link #testEcho()}: {@code command} + {@code args} run as given when {@code command} is set (e.g.
 * {@code ["sh", "-c", "..."]}), otherwise {@code /bin/sh -c "<args joined by spaces>"}.</li>
 * <li>{@link #javaMain} and {@link #javaJar}: the image's entrypoint is the Java program, so
 * {@code command} is ignored (its paths exist only inside a real image) and {@code args} follow the main
 * class or jar. JVM options go through the container's {@code JAVA_TOOL_OPTIONS} env var.</li>
 * </ul>
 */
@FunctionalInterface
public interface ImageCommand {

    /** The image name prefix that {@link #testEcho()} is meant for. */
    String TEST_ECHO = "test-echo";

    List<String> command(Container container, PodContext pod);

    /**
     * Container mode: the pod's container runs from this very image (which the local Docker engine must have;
     * nothing is pulled) with the pod's command, args, env, mounts, security settings and limits. See
     * {@link DockerContainers}.
     */
    static ImageCommand docker() {
        return DockerImage.INSTANCE;
    }

    /** A shell-command image for the kubelet's own tests: see the class comment. */
    static ImageCommand testEcho() {
        return (container, pod) -> {
            List<String> command = new ArrayList<>(nullToEmpty(container.getCommand()));
            List<String> args = nullToEmpty(container.getArgs());
            if (!command.isEmpty()) {
                command.addAll(args);
                return command;
            }
            if (args.isEmpty()) {
                throw new IllegalArgumentException("container " + container.getName()
                        + " of a test-echo image needs args (a shell script) or a command");
            }
            return List.of("/bin/sh", "-c", String.join(" ", args));
        };
    }

    /** Runs {@code java -cp <classpath> <mainClass> <args>} with the test JVM's Java (or {@code $JAVA_HOME}). */
    static ImageCommand javaMain(List<Path> classpath, String mainClass) {
        Objects.requireNonNull(mainClass, "mainClass");
        String cp = classpath.stream().map(p -> p.toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(java.io.File.pathSeparator));
        return (container, pod) -> {
            List<String> command = new ArrayList<>(List.of(javaExecutable(), "-cp", cp, mainClass));
            command.addAll(nullToEmpty(container.getArgs()));
            return command;
        };
    }

    /** {@link #javaMain(List, String)} with the classpath as varargs. */
    static ImageCommand javaMain(String mainClass, Path... classpath) {
        return javaMain(List.of(classpath), mainClass);
    }

    /** Runs {@code java -jar <jar> <args>}. */
    static ImageCommand javaJar(Path jar) {
        String path = jar.toAbsolutePath().normalize().toString();
        return (container, pod) -> {
            List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", path));
            command.addAll(nullToEmpty(container.getArgs()));
            return command;
        };
    }

    /** {@code $JAVA_HOME/bin/java}, else the Java running the tests. */
    static String javaExecutable() {
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome == null || javaHome.isBlank()) {
            javaHome = System.getProperty("java.home");
        }
        return Path.of(javaHome, "bin", "java").toString();
    }

    private static List<String> nullToEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
