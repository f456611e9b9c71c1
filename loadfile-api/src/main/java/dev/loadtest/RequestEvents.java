package dev.loadtest;

/**
 * Reports requests made with clients of your own (Locust's {@code events.request.fire}), so that they show
 * in the statistics like those of the built-in HTTP client.
 */
public interface RequestEvents {

    /**
     * Reports one request.
     *
     * @param type           the request type shown in the Type column, e.g. "GET", "grpc", "sql"
     * @param name           the row's name
     * @param responseTimeMs response time in milliseconds
     * @param contentLength  response size in bytes
     * @param failure        null for a success, else what went wrong (its message is the error text)
     */
    void request(String type, String name, double responseTimeMs, long contentLength, Throwable failure);

    /**
     * Times {@code action} and reports it as a request; a thrown exception is reported as a failure and rethrown.
     *
     * @param type   the request type shown in the Type column
     * @param name   the row's name
     * @param action the work to time
     * @param <T>    what the action returns
     * @return what the action returned
     * @throws Exception what the action threw, after reporting it
     */
    default <T> T measure(String type, String name, java.util.concurrent.Callable<T> action) throws Exception {
        long start = System.nanoTime();
        try {
            T result = action.call();
            request(type, name, (System.nanoTime() - start) / 1e6, 0, null);
            return result;
        } catch (Exception e) {
            request(type, name, (System.nanoTime() - start) / 1e6, 0, e);
            throw e;
        }
    }
}
