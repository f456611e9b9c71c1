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
        HttpWarmUp.startInBackground(); // while javac runs, so that the run's start does not wait for it
        CompiledLoadfile loadfile = null;
        try {
            loadfile = LoadfileCompiler.load(resolve(path), CompiledClassCache.forLocalRuns(System.getenv()));
            return loadfile;
        } finally {
            planWarmUp(loadfile);
        }
    }

    /** For a runner pod: always compiled (see {@link CompiledClassCache} for why a pod keeps no cache). */
    static CompiledLoadfile compileForWorker(Path path) throws LoadfileException {
        HttpWarmUp.startInBackground();
        CompiledLoadfile loadfile = null;
        try {
            loadfile = LoadfileCompiler.load(resolve(path));
            return loadfile;
        } finally {
            planWarmUp(loadfile);
        }
    }

    /**
     * The background warm-up warms the HTTP paths this loadfile's users send through, and only those; none when it
     * did not compile.
     */
    private static void planWarmUp(CompiledLoadfile loadfile) {
        HttpWarmUp.plan(loadfile == null ? java.util.Set.of() : HttpWarmUp.Transport.usedBy(loadfile.classes()));
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
