package dev.loadtest.api.control;

/**
 * Why a runner refused {@code POST /start}: the JSON body of a 4xx answer to it. The coordinator acts on
 * {@link #retryable}: a refusal retrying cannot fix (the spec does not fit the loadfile, {@code @OnTestStart}
 * failed) ends the run at once with {@link #message}; one that may pass (the previous run is still stopping) is
 * retried until the start timeout.
 *
 * @param reason    CamelCase code, one of {@link Reasons}
 * @param field     the manifest field at fault, e.g. {@code spec.host} or {@code spec.options.productCount}
 *                  (null when no field is)
 * @param message   a sentence naming the field and the fix
 * @param retryable whether sending the same start again may succeed
 */
public record StartRefusal(String reason, String field, String message, boolean retryable) {

    /** The reasons a runner refuses a start. */
    public static final class Reasons {
        /** An HTTP user class without {@code @Host} would run, and the start has no host. */
        public static final String NO_HOST = "NoHost";
        /** The start sets an option the loadfile does not declare with {@code @CustomOption}. */
        public static final String UNKNOWN_OPTION = "UnknownOption";
        /** The start names a user class the loadfile lacks. */
        public static final String UNKNOWN_USER_CLASS = "UnknownUserClass";
        /** A user class to run has no task left (after tag filtering). */
        public static final String NO_TASKS = "NoTasks";
        /** An {@code @OnTestStart} hook threw; it is not run again for the same run id. */
        public static final String TEST_START_FAILED = "TestStartFailed";
        /** The run id already ran to its end on this runner; a run is never started twice. */
        public static final String RUN_FINISHED = "RunFinished";
        /** Another run is still active on this runner (retryable: it is stopping). */
        public static final String RUN_IN_PROGRESS = "RunInProgress";
        /** The body is not a StartCommand. */
        public static final String BAD_REQUEST = "BadRequest";

        private Reasons() {
        }
    }

    public static StartRefusal permanent(String reason, String field, String message) {
        return new StartRefusal(reason, field, message, false);
    }
}
