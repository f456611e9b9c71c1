package dev.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** {@link HttpUser}'s transport: the JDK's HttpClient, shared by every user of the run (it pools connections). */
final class JdkHttpSession extends HttpSession {

    private final HttpClient http;

    JdkHttpSession(UserContext context) {
        super(context);
        this.http = context.httpClient();
    }

    @Override
    RawResponse exchange(String verb, URI uri, List<String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(verb, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.size(); i += 2) {
            b.header(headers.get(i), headers.get(i + 1));
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new RawResponse(r.statusCode(), HeaderList.of(r.headers()), r.body(), name(r.version()));
    }

    private static String name(HttpClient.Version version) {
        return version == HttpClient.Version.HTTP_2 ? "HTTP/2" : RawResponse.HTTP_1_1;
    }
}
