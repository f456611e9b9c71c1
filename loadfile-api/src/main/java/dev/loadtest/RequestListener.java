package dev.loadtest;

/**
 * Hears every request of the run as it is recorded (Locust's {@code events.request} listener): the built-in
 * clients' and those reported with {@link RequestEvents}. Register it with
 * {@link TestContext#addRequestListener}, typically in an {@link OnTestStart} method. It runs on the user's
 * thread, after the request is counted; keep it quick. An exception in it is counted as an exception of the
 * run and the other listeners still run, as in Locust.
 */
@FunctionalInterface
public interface RequestListener {

    /**
     * Hears one request.
     *
     * @param type           the request type, e.g. "GET"
     * @param name           the statistics row's name
     * @param responseTimeMs response time in milliseconds
     * @param contentLength  response size in bytes
     * @param failure        null for a success, else the failure's text as the failures report shows it
     */
    void onRequest(String type, String name, double responseTimeMs, long contentLength, String failure);
}
