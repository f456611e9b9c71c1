package dev.loadtest.runner.target;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample shop listens where it is told: a pod's own address, or all interfaces. */
class SampleTargetBindTest {

    private static int status(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/products")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aGivenAddressIsWhereItListensAndWhatItsUrlSays() throws Exception {
        try (SampleTarget target = SampleTarget.start(InetAddress.getByName("127.0.0.7"), 0, SampleTarget.Config.defaults())) {
            assertThat(target.baseUrl()).isEqualTo("http://127.0.0.7:" + target.port());
            assertThat(status(target.baseUrl())).isEqualTo(200);
            assertThat(target.served()).isEqualTo(1);
        }
    }

    @Test
    void allInterfacesIncludeLoopback() throws Exception {
        try (SampleTarget target = SampleTarget.start(InetAddress.getByName("0.0.0.0"), 0, SampleTarget.Config.defaults())) {
            assertThat(status("http://127.0.0.1:" + target.port())).isEqualTo(200);
            assertThat(status("http://127.0.0.9:" + target.port())).isEqualTo(200);
        }
    }
}
