package dev.loadtest.runner.stats;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Stack traces of user-code exceptions, cut where the engine's reflection begins, so they read like the loadfile. */
public final class Tracebacks {

    /** The engine frame that calls user code: everything below it is the engine, not the loadfile. */
    private static final String ENGINE_FRAMES = "dev.loadtest.runner.engine.RunningUser";

    private Tracebacks() {
    }

    public static String of(Throwable error) {
        StackTraceElement[] frames = error.getStackTrace();
        int keep = frames.length;
        for (int i = 0; i < frames.length; i++) {
            String cls = frames[i].getClassName();
            if (cls.startsWith("jdk.internal.reflect.") || cls.startsWith("java.lang.reflect.")
                    || cls.startsWith(ENGINE_FRAMES)) {
                keep = i;
                break;
            }
        }
        StringBuilder sb = new StringBuilder(error.toString());
        for (int i = 0; i < keep; i++) {
            sb.append("\n\tat ").append(frames[i]);
        }
        Throwable cause = error.getCause();
        if (cause != null && cause != error) {
            StringWriter w = new StringWriter();
            cause.printStackTrace(new PrintWriter(w));
            sb.append("\nCaused by: ").append(w.toString().strip());
        }
        return sb.toString();
    }
}
