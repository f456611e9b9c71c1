package dev.loadtest.testcluster;

import com.github.dockerjava.api.command.BuildImageResultCallback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The base images the project's Dockerfiles start {@code FROM}, made locally under their production names
 * (no registry is reachable, nothing is pulled), and reused when the engine has them already:
 * <ul>
 * <li>{@link #DEBIAN} by {@code debootstrap --variant=minbase bookworm} and an import;</li>
 * <li>{@link #JDK}: the Temurin 25 JDK of this machine copied onto it, as eclipse-temurin lays it out
 * ({@code /opt/java/openjdk});</li>
 * <li>{@link #JRE}: a Java runtime made from that JDK with {@code jlink} (the Java SE modules and the
 * runtime {@code jdk.*} modules; no compiler, no tools), the operator's base.</li>
 * </ul>
 */
public final class BaseImages {
    public static final String DEBIAN = "local/debian:bookworm";
    public static final String JDK = "eclipse-temurin:25-jdk";
    public static final String JRE = "eclipse-temurin:25-jre";
    /** Where the JDK is taken from; the build machine's Temurin 25. */
    public static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    /** What a JRE holds beyond java.se: the runtime parts of the jdk.* modules, none of the development tools. */
    static final List<String> JRE_MODULES = List.of("java.se", "jdk.charsets", "jdk.crypto.cryptoki", "jdk.crypto.ec",
            "jdk.httpserver", "jdk.jfr", "jdk.localedata", "jdk.management", "jdk.management.agent",
            "jdk.management.jfr", "jdk.naming.dns", "jdk.net", "jdk.security.auth", "jdk.security.jgss",
            "jdk.unsupported", "jdk.zipfs");

    private static final String DEBOOTSTRAP = "/usr/sbin/debootstrap";

    private final DockerEngine engine;
    private final Path workDir;

    public BaseImages(DockerEngine engine, Path workDir) {
        this.engine = engine;
        this.workDir = workDir;
    }

    /**
     * Makes whichever of the three is missing; a no-op (a few ms) when all exist. One JVM at a time on this machine
     * (a file lock): test classes run in parallel forks, and two makers would share, and delete, one work folder.
     */
    public static synchronized void ensureAll() {
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "loadtest-base-images");
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "loadtest-base-images.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            BaseImages images = new BaseImages(DockerEngine.shared(), workDir);
            images.ensureDebian();
            images.ensureJdk();
            images.ensureJre();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + " to make the base images", e);
        }
    }

    public void ensureDebian() {
        if (engine.hasImage(DEBIAN)) {
            return;
        }
        if (!Files.isExecutable(Path.of(DEBOOTSTRAP))) {
            throw new IllegalStateException("Base image " + DEBIAN + " is missing and cannot be made: " + DEBOOTSTRAP
                    + " is not installed (apt-get install debootstrap; .ci/run installs it)");
        }
        Path rootfs = workDir.resolve("debian-rootfs");
        try {
            deleteAsRoot(rootfs);
            Files.createDirectories(workDir);
            run(List.of(DEBOOTSTRAP, "--variant=minbase", "bookworm", rootfs.toString()), workDir.resolve("debootstrap.log"),
                    20, "debootstrap of " + DEBIAN);
            // the equivalent of `tar -C ROOT -c . | docker import -`, as a build (FROM scratch, ADD of the tar): the
            // client library's import sends the stream in a form the engine rejects ("unexpected EOF")
            Path context = workDir.resolve("debian-context");
            deleteAsRoot(context);
            Files.createDirectories(context);
            run(List.of("tar", "-C", rootfs.toString(), "--numeric-owner", "-cf", context.resolve("rootfs.tar").toString(), "."),
                    workDir.resolve("tar.log"), 5, "tar of " + rootfs);
            deleteAsRoot(rootfs);
            build(context, "debian.Dockerfile", DEBIAN);
            deleteAsRoot(context);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + DEBIAN, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making " + DEBIAN, e);
        } finally {
            deleteAsRoot(rootfs);
            deleteAsRoot(workDir.resolve("debian-context"));
        }
    }

    public void ensureJdk() {
        if (engine.hasImage(JDK)) {
            return;
        }
        ensureDebian();
        requireTemurin();
        Path context = workDir.resolve("jdk-context");
        deleteAsRoot(context);
        try {
            Files.createDirectories(context);
            copyTree(TEMURIN_25, context.resolve("jdk"));
            build(context, "jdk.Dockerfile", JDK);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + JDK, e);
        } finally {
            deleteAsRoot(context);
        }
    }

    public void ensureJre() {
        if (engine.hasImage(JRE)) {
            return;
        }
        ensureDebian();
        requireTemurin();
        Path context = workDir.resolve("jre-context");
        deleteAsRoot(context);
        try {
            Files.createDirectories(context);
            List<String> jlink = new ArrayList<>(List.of(TEMURIN_25.resolve("bin/jlink").toString(),
                    "--add-modules", String.join(",", JRE_MODULES),
                    "--strip-debug", "--no-man-pages", "--no-header-files", "--compress=zip-6",
                    "--output", context.resolve("jre").toString()));
            run(jlink, workDir.resolve("jlink.log"), 5, "jlink of " + JRE);
            build(context, "jre.Dockerfile", JRE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + JRE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making " + JRE, e);
        } finally {
            deleteAsRoot(context);
        }
    }

    private void build(Path context, String dockerfileResource, String tag) {
        try (InputStream in = BaseImages.class.getResourceAsStream("base-images/" + dockerfileResource)) {
            Files.write(context.resolve("Dockerfile"), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Dockerfile of " + tag, e);
        }
        engine.client().buildImageCmd(context.toFile())
                .withTags(Set.of(tag))
                .withPull(false)
                .exec(new BuildImageResultCallback())
                .awaitImageId(10, TimeUnit.MINUTES);
        requireImage(tag);
    }

    private void requireImage(String image) {
        if (!engine.hasImage(image)) {
            throw new IllegalStateException("made " + image + " but the engine does not list it");
        }
    }

    private static void requireTemurin() {
        if (!Files.isExecutable(TEMURIN_25.resolve("bin/java"))) {
            throw new IllegalStateException("The Temurin 25 JDK the Java base images are made from is not at " + TEMURIN_25
                    + ": install it there (the build's own JDK, see README.md)");
        }
    }

    private static void copyTree(Path from, Path to) {
        // cp -a keeps the JDK's symbolic links and modes, which Files.copy per file would not
        try {
            run(List.of("cp", "-a", from.toString(), to.toString()), null, 2, "copy of " + from);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying " + from, e);
        }
    }

    private static void deleteAsRoot(Path dir) {
        // a debootstrapped tree holds device nodes and root-owned files: rm -rf removes what Java's walk cannot
        if (!Files.exists(dir)) {
            return;
        }
        try {
            run(List.of("rm", "-rf", "--one-file-system", dir.toString()), null, 2, "removal of " + dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while removing " + dir, e);
        }
    }

    private static void run(List<String> command, Path log, int minutes, String what) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        if (log != null) {
            Files.createDirectories(log.getParent());
            pb.redirectOutput(log.toFile());
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = pb.start();
        ProcessGuard.track(process.toHandle());
        try {
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(what + " did not finish within " + minutes + " min"
                        + (log == null ? "" : "; see " + log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with exit code " + process.exitValue()
                        + (log == null ? "" : "; see " + log));
            }
        } finally {
            ProcessGuard.untrack(process.toHandle());
        }
    }
}
