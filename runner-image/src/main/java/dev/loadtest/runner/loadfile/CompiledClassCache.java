package dev.loadtest.runner.loadfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Compiled loadfile classes kept between local runs, so that running the same loadfile again skips javac (a second
 * or more of a cold JVM's CPU). An entry is keyed by the SHA-256 of everything that decides the class files: each
 * source's name and bytes, the compiler options, the JDK's version and the runner's own jars (path, size, time), so
 * an edited loadfile, another runner build or another JDK compiles afresh. Only successful compilations are kept;
 * an entry is written to a temporary folder and renamed into place whole, so a reader never sees half an entry.
 *
 * <p>Local mode only, on by default: in the user's cache folder ({@code $XDG_CACHE_HOME/loadtest/classes}, else
 * {@code ~/.cache/loadtest/classes}), made readable by its owner only; {@code LOADTEST_CLASS_CACHE=/a/folder} puts it
 * there, {@code LOADTEST_CLASS_CACHE=off} turns it off. (It was opt-in while LocustWebApiIT's reset-then-stop run
 * exited 1 with it on: that was the test's race, a request failing between the reset and the stop of a busy machine's
 * run, which the exit code rightly counts; where the classes came from plays no part.) A runner pod does not use it: its only writable folder is the pod's own emptyDir, and runner pods
 * are never restarted in place (restartPolicy Never), so nothing would read it again; a folder shared between pods
 * would let one pod put classes there that every other pod then runs, which is not safe to trust.
 */
public final class CompiledClassCache {

    static final String ENV = "LOADTEST_CLASS_CACHE";
    /** Entries kept; older ones (by last use) are removed when a new one is added. */
    static final int MAX_ENTRIES = 64;
    private static final String COMPLETE = ".complete";
    private static final Logger LOG = Logger.getLogger(CompiledClassCache.class.getName());

    private final Path root;

    private CompiledClassCache(Path root) {
        this.root = root;
    }

    /** No cache: every load compiles (a runner pod). */
    public static CompiledClassCache none() {
        return new CompiledClassCache(null);
    }

    /** A cache in this folder. */
    public static CompiledClassCache in(Path folder) {
        return new CompiledClassCache(folder);
    }

    /**
     * The cache for local runs as {@code LOADTEST_CLASS_CACHE} asks (see the class comment): the user's cache folder
     * unless it says {@code off} or names a folder; {@link #none()} when there is no home folder to keep it in.
     */
    public static CompiledClassCache forLocalRuns(Map<String, String> env) {
        String configured = env.get(ENV) == null ? "" : env.get(ENV).trim();
        if ("off".equalsIgnoreCase(configured)) {
            return none();
        }
        if (!configured.isEmpty() && !"on".equalsIgnoreCase(configured)) {
            return in(Path.of(configured));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return in(Path.of(xdg, "loadtest", "classes"));
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || "?".equals(home) ? none() : in(Path.of(home, ".cache", "loadtest", "classes"));
    }

    boolean enabled() {
        return root != null;
    }

    /** Its folder; null for {@link #none()}. */
    Path root() {
        return root;
    }

    /** The key of these sources compiled with these options; {@code names} are the sources as the user laid them out. */
    static String key(List<Path> sources, List<String> names, List<String> options) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        field(sha, "java " + Runtime.version());
        for (Path code : List.of(codeSource(CompiledClassCache.class), codeSource(dev.loadtest.User.class))) {
            field(sha, "runner " + code);
            // a jar as installed; a classes folder (a development build) file by file, since its own time says little
            try (Stream<Path> files = Files.isDirectory(code) ? Files.walk(code).filter(Files::isRegularFile).sorted()
                    : Stream.of(code).filter(Files::exists)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    field(sha, file + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis());
                }
            }
        }
        for (String option : options) {
            field(sha, "option " + option);
        }
        for (int i = 0; i < sources.size(); i++) {
            field(sha, "source " + names.get(i));
            byte[] bytes = Files.readAllBytes(sources.get(i));
            field(sha, String.valueOf(bytes.length));
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void field(MessageDigest sha, String value) {
        sha.update(value.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of("unknown");
        }
    }

    /** The folder of a complete entry for this key, its last use updated. */
    Optional<Path> lookup(String key) {
        if (root == null) {
            return Optional.empty();
        }
        Path entry = root.resolve(key);
        if (!Files.isRegularFile(entry.resolve(COMPLETE))) {
            return Optional.empty();
        }
        try {
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // a read-only cache still serves
        }
        return Optional.of(entry);
    }

    /**
     * Keeps the classes compiled into {@code classes} under this key and returns the folder to load them from: the
     * entry, or {@code classes} itself when the cache cannot be written (the run goes on uncached).
     */
    Path store(String key, Path classes) {
        if (root == null) {
            return classes;
        }
        Path entry = root.resolve(key);
        Path staging = null;
        try {
            createPrivately(root);
            staging = Files.createTempDirectory(root, ".staging-");
            copyTree(classes, staging);
            Files.createFile(staging.resolve(COMPLETE));
            try {
                Files.move(staging, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException raced) {
                // another run stored the same key first: same sources, same class files; use that one
                deleteTree(staging);
                if (!Files.isRegularFile(entry.resolve(COMPLETE))) {
                    return classes;
                }
            }
            prune();
            return entry;
        } catch (IOException | UncheckedIOException e) {
            LOG.fine(() -> "not caching the compiled loadfile in " + root + ": " + e);
            if (staging != null) {
                deleteTree(staging);
            }
            return classes;
        }
    }

    /**
     * The cache's folder, made readable and writable by its owner only when this creates it: what is in it is run,
     * so nobody else may put classes there (a folder the user named is left as the user made it).
     */
    private static void createPrivately(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Path parent = folder.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectory(folder);
        } catch (FileAlreadyExistsException raced) {
            // another run made it first
        }
    }

    private void prune() throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(root)) {
            entries = list.filter(p -> Files.isRegularFile(p.resolve(COMPLETE)))
                    .sorted(Comparator.comparing(CompiledClassCache::lastModified).reversed()).toList();
        }
        entries.stream().skip(MAX_ENTRIES).forEach(CompiledClassCache::deleteTree);
    }

    private static FileTime lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover staging folder is never read (no .complete marker at its key)
        }
    }
}
