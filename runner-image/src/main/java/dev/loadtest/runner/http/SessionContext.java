package dev.loadtest.runner.http;

import dev.loadtest.runner.stats.ErrorClass;

import javax.net.ssl.SSLContext;
import java.net.http.HttpClient;

/** What a user's HTTP session needs of its run: the host, the shared client, TLS settings and the statistics. */
public interface SessionContext {

    /** The base URL of the system under test, or null. */
    String host();

    /** The shared JDK HTTP client; users keep their own cookies on top of it. */
    HttpClient httpClient();

    /**
     * The run's TLS settings for FastHttpUser's own sockets: the shared client's, so that {@code --insecure}
     * ({@code spec.insecureSkipTlsVerify}) means the same for both transports.
     */
    default SSLContext sslContext() {
        return httpClient().sslContext();
    }

    /** Records one request of the built-in clients. {@code error} and {@code errorClass} are null for a success. */
    void recordRequest(String method, String name, long responseTimeMicros, long contentLength, String error,
                       ErrorClass errorClass);
}
