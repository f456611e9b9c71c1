package dev.loadtest.runner.engine;

import dev.loadtest.api.HttpVersion;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * HttpUser's shared JDK clients, one per transport a run asked for. They outlive a run, as the single client
 * did before there was a choice: a client's pool and selector thread are worth keeping, and most engines only
 * ever see one setting.
 */
final class HttpClients implements AutoCloseable {

    private record Transport(HttpVersion version, boolean insecure) {
    }

    private final Map<Transport, HttpClient> clients = new HashMap<>();

    synchronized HttpClient get(HttpVersion version, boolean insecure) {
        return clients.computeIfAbsent(new Transport(version, insecure), HttpClients::build);
    }

    private static HttpClient build(Transport t) {
        return build(t.version(), t.insecure());
    }

    /** A client as HttpUser's runs use it. */
    static HttpClient build(HttpVersion version, boolean insecure) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(version == HttpVersion.HTTP_2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                // HttpSession follows redirects itself, hop by hop, to keep the cookies set on the way
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                // a direct executor: no hand-off per response; the benchmark measured it fastest by far
                .executor(Runnable::run);
        if (insecure) {
            b.sslContext(TrustAll.sslContext());
        }
        return b.build();
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(HttpClient::close);
        clients.clear();
    }
}
