package dev.loadtest.runner.loadfile;

/** A loadfile that cannot run: compile errors as "File.java:LINE: message", or a model error naming the fix. */
public class LoadfileException extends Exception {
    public LoadfileException(String message) {
        super(message);
    }

    public LoadfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
