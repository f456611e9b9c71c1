package dev.loadtest.runner.cli;

import dev.loadtest.runner.engine.HttpWarmUp;
import dev.loadtest.runner.loadfile.CompiledClassCache;
import dev.loadtest.runner.loadfile.CompiledLoadfile;
import dev.loadtest.runner.loadfile.LoadfileCompiler;
import dev.loadtest.runner.loadfile.LoadfileException;

import java.nio.file.Path;

/** Finds a loadfile path in the process's view of the filesystem. */
final class Loadfiles {

    private Loadfiles() {
    }

    /** For a local run: classes compiled by an earlier run of the same sources are reused (unless LOADTEST_CLASS_CACHE=off). */
    static CompiledLoadfile compile(Path path) throws LoadfileException {
        return warmingUpWhile(() -> LoadfileCompiler.load(resolve(path),
                CompiledClassCache.forLocalRuns(System.getenv())));
    }

    /** For a runner pod: always compiled (see {@link CompiledClassCache} for why a pod keeps no cache). */
    static CompiledLoadfile compileForWorker(Path path) throws LoadfileException {
        return warmingUpWhile(() -> LoadfileCompiler.load(resolve(path)));
    }

    private interface Compilation {
        CompiledLoadfile run() throws LoadfileException;
    }

    /**
     * Compiles with the HTTP warm-up started beside it (while javac runs, so that the run's start does not wait for
     * it), then has it warm the paths the compiled loadfile's users send through, and only those; none when it did not
     * compile.
     */
    private static CompiledLoadfile warmingUpWhile(Compilation compilation) throws LoadfileException {
        HttpWarmUp.startInBackground();
        CompiledLoadfile loadfile = null;
        try {
            loadfile = compilation.run();
            return loadfile;
        } finally {
            HttpWarmUp.plan(loadfile == null ? java.util.Set.of() : HttpWarmUp.Transport.usedBy(loadfile.classes()));
        }
    }

    /**
     * An absolute path is looked up under $POD_ROOT when set: the test cluster's process kubelet mounts
     * volumes there, since a process cannot write to the real root.
     */
    static Path resolve(Path path) {
        String podRoot = System.getenv("POD_ROOT");
        if (podRoot != null && !podRoot.isBlank() && path.isAbsolute()) {
            return Path.of(podRoot, path.toString().substring(1));
        }
        return path;
    }
}
