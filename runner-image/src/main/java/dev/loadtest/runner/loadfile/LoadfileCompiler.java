package dev.loadtest.runner.loadfile;

import com.sun.source.util.JavacTask;
import dev.loadtest.User;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Turns a loadfile into loaded classes: .java sources are compiled in-process with the JDK's compiler (no
 * build step for the user), a jar is loaded as is. Compile errors come back as {@code File.java:LINE: message},
 * before any load is sent.
 */
public final class LoadfileCompiler {

    /** Said after "package ... does not exist": the likely cause is an import of the runner's own classes. */
    static final String CLASSPATH_NOTE = "(a loadfile compiles against the loadfile API, package dev.loadtest in "
            + "loadtest-loadfile-api, and the JDK only: the runner's classes and libraries cannot be imported)";

    /** How many times javac ran in this JVM (the class cache's tests count the compilations it saves). */
    static final java.util.concurrent.atomic.AtomicInteger COMPILATIONS = new java.util.concurrent.atomic.AtomicInteger();

    private LoadfileCompiler() {
    }

    /** A .java file, a folder of .java files (recursively), or a .jar; compiled afresh. */
    public static CompiledLoadfile load(Path path) throws LoadfileException {
        return load(path, CompiledClassCache.none());
    }

    /** As {@link #load(Path)}, taking the classes of .java sources compiled before from {@code cache} when it has them. */
    public static CompiledLoadfile load(Path path, CompiledClassCache cache) throws LoadfileException {
        if (!Files.exists(path)) {
            throw new LoadfileException(path + ": no such loadfile; pass a .java file, a folder of .java files or a .jar");
        }
        LoadfileFolder.publish(path);
        String lower = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(path) && lower.endsWith(".jar")) {
            return loadJar(path);
        }
        List<Path> sources;
        Path root;
        if (Files.isDirectory(path)) {
            root = realPath(path);
            sources = sourcesIn(root);
            if (sources.isEmpty()) {
                throw new LoadfileException(path + ": the folder has no .java files");
            }
        } else if (lower.endsWith(".java")) {
            root = null;
            sources = List.of(path);
        } else {
            throw new LoadfileException(path + ": a loadfile is a .java file, a folder of .java files or a .jar");
        }
        return compile(sources, root, path.toString(), cache);
    }

    /** Inline sources, file name to Java source (a manifest's {@code loadfile.inline}). */
    public static CompiledLoadfile compileInline(Map<String, String> sources) throws LoadfileException {
        if (sources.isEmpty()) {
            throw new LoadfileException("loadfile.inline is empty: give at least one FileName.java: source entry");
        }
        Path dir = scratchFolder("loadtest-inline", "the inline loadfile");
        try {
            dir.toFile().deleteOnExit();
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                String name = e.getKey();
                if (!name.endsWith(".java") || name.contains("/") || name.contains("\\")) {
                    throw new LoadfileException("loadfile.inline: key '" + name + "' must be a file name ending in .java, "
                            + "e.g. ShopUser.java");
                }
                Path file = dir.resolve(name);
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                file.toFile().deleteOnExit();
                files.add(file);
            }
            return compile(files, dir.toRealPath(), "inline loadfile", CompiledClassCache.none());
        } catch (IOException e) {
            throw new LoadfileException("cannot write the inline loadfile: " + e.getMessage(), e);
        }
    }

    /**
     * A fresh folder under java.io.tmpdir, the only place the runner writes. Under a read-only root file system
     * (a hardened pod) that folder must be a writable volume: the operator mounts an emptyDir at /tmp.
     */
    static Path scratchFolder(String prefix, String what) throws LoadfileException {
        String tmp = System.getProperty("java.io.tmpdir");
        try {
            return Files.createTempDirectory(Path.of(tmp), prefix);
        } catch (IOException e) {
            throw new LoadfileException("cannot create a folder for " + what + " under java.io.tmpdir (" + tmp + "): "
                    + e.getMessage() + ". The runner writes only there: make it writable (in a pod with "
                    + "readOnlyRootFilesystem, mount an emptyDir at " + tmp + "), or point it at a writable folder with "
                    + "JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=/a/writable/folder", e);
        }
    }

    private static Path realPath(Path path) throws LoadfileException {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new LoadfileException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The .java files of a folder, links followed (a mounted ConfigMap is a tree of links), hidden entries
     * skipped (a ConfigMap keeps each file twice, once under a "..data"-style hidden folder).
     */
    private static List<Path> sourcesIn(Path root) throws LoadfileException {
        try (Stream<Path> walk = Files.walk(root, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
                    .filter(p -> { for (Path part : root.relativize(p)) {
                            if (part.toString().startsWith(".")) {
                                return false;
                            }
                        }
                        return true; })
                    .sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new LoadfileException(root + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** {@code root}: the folder the sources came from, so errors name files as the user laid them out. */
    private static CompiledLoadfile compile(List<Path> sources, Path root, String description, CompiledClassCache cache)
            throws LoadfileException {
        List<String> common = List.of("-classpath", apiClasspath(), "-g",
                "-parameters", "-proc:none", "-encoding", "UTF-8", "-nowarn", "-Xlint:none");
        String key = null;
        if (cache.enabled()) {
            try {
                key = CompiledClassCache.key(sources, sources.stream().map(p -> root == null ? p.getFileName().toString()
                        : root.relativize(p).toString()).toList(), common);
            } catch (IOException e) {
                throw new LoadfileException(description + ": cannot read: " + e.getMessage(), e);
            }
            var hit = cache.lookup(key);
            if (hit.isPresent()) {
                return fromDirectory(hit.get(), description);
            }
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new LoadfileException("no Java compiler in this runtime (" + System.getProperty("java.home")
                    + "): run the runner on a JDK, not a JRE, or give a compiled .jar loadfile");
        }
        Path out = scratchFolder("loadtest-classes", "compiled classes");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<String> options = new ArrayList<>(common);
            options.addAll(List.of("-d", out.toString()));
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            JavacTask task = (JavacTask) compiler.getTask(null, files, diagnostics, options, null, units);
            RunnerHookCheck hooks = new RunnerHookCheck(task);
            task.addTaskListener(hooks);
            COMPILATIONS.incrementAndGet();
            boolean ok = task.call();
            if (!ok) {
                throw new LoadfileException(format(diagnostics.getDiagnostics(), root));
            }
            if (!hooks.uses().isEmpty()) {
                throw new LoadfileException(hooks.describe(root));
            }
        } catch (IOException e) {
            throw new LoadfileException("compiling " + description + " failed: " + e.getMessage(), e);
        }
        return fromDirectory(key == null ? out : cache.store(key, out), description);
    }

    static String format(List<Diagnostic<? extends JavaFileObject>> diagnostics, Path root) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String file = d.getSource() == null ? "loadfile" : displayName(d.getSource(), root);
            String message = d.getMessage(Locale.ROOT).lines().findFirst().orElse("error");
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(file).append(':').append(d.getLineNumber()).append(": ").append(message);
        }
        if (sb.toString().contains("does not exist")) {
            sb.append('\n').append(CLASSPATH_NOTE);
        }
        return sb.isEmpty() ? "the loadfile did not compile" : sb.toString();
    }

    static String displayName(JavaFileObject source, Path root) {
        Path p = Path.of(source.toUri());
        if (root != null && p.startsWith(root)) {
            return root.relativize(p).toString();
        }
        Path cwd = Path.of("").toAbsolutePath();
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }

    private static CompiledLoadfile fromDirectory(Path classes, String description) throws LoadfileException {
        List<String> names;
        try (Stream<Path> walk = Files.walk(classes)) {
            names = walk.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString())
                    .map(LoadfileCompiler::className).toList();
        } catch (IOException e) {
            throw new LoadfileException("cannot read compiled classes: " + e.getMessage(), e);
        }
        try {
            URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()},
                    LoadfileCompiler.class.getClassLoader());
            return new CompiledLoadfile(description, loader, loadAll(loader, names));
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CompiledLoadfile loadJar(Path jar) throws LoadfileException {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
                    .map(LoadfileCompiler::className).forEach(names::add);
            URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()},
                    LoadfileCompiler.class.getClassLoader());
            return new CompiledLoadfile(jar.toString(), loader, loadAll(loader, names));
        } catch (IOException e) {
            throw new LoadfileException(jar + ": not a readable jar: " + e.getMessage(), e);
        }
    }

    private static List<Class<?>> loadAll(ClassLoader loader, List<String> names) throws LoadfileException {
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            try {
                classes.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new LoadfileException("cannot load class " + name + " of the loadfile: " + e, e);
            }
        }
        return classes;
    }

    private static String className(String classFile) {
        return classFile.substring(0, classFile.length() - ".class".length()).replace('/', '.').replace('\\', '.');
    }

    /**
     * The classpath a loadfile compiles against: the loadfile API's jar (or, in the reactor's tests, its
     * classes folder) and nothing else, so that a loadfile cannot import the engine or the runner's libraries
     * and what compiles here compiles in the user's IDE against {@code loadtest-loadfile-api}.
     */
    static String apiClasspath() {
        try {
            return Path.of(User.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot locate the loadfile API (loadtest-loadfile-api) on the runner's "
                    + "classpath: " + e, e);
        }
    }
}
