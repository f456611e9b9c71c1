package dev.loadtest.runner.target;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleTargetTest {

    private static final SampleTarget.Config NO_LATENCY_NO_ERRORS = new SampleTarget.Config(0, 0, 0);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SampleTarget target;

    @AfterEach
    void stop() {
        if (target != null) {
            target.close();
        }
        client.close();
    }

    @Test
    void servesTheCatalogueOnALoopbackPort() throws Exception {
        target = SampleTarget.start(0, NO_LATENCY_NO_ERRORS);

        HttpResponse<String> products = get("/api/products", null);
        HttpResponse<String> one = get("/api/products/7", null);

        assertThat(target.port()).isPositive();
        assertThat(target.baseUrl()).isEqualTo("http://127.0.0.1:" + target.port());
        assertThat(products.statusCode()).isEqualTo(200);
        assertThat(products.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(products.body().split("\"id\":", -1)).hasSize(21);
        assertThat(one.body()).isEqualTo("{\"id\":7,\"name\":\"Product 7\",\"price\":34.99}");
        assertThat(get("/", null).body()).contains("<h1>Sample shop</h1>");
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownProductsAndRoutesAre404WithAJsonError() throws Exception {
        target = SampleTarget.start(0, NO_LATENCY_NO_ERRORS);

        HttpResponse<String> unknownProduct = get("/api/products/99", null);
        HttpResponse<String> notANumber = get("/api/products/abc", null);
        HttpResponse<String> noRoute = get("/nowhere", null);

        assertThat(unknownProduct.statusCode()).isEqualTo(404);
        assertThat(unknownProduct.body()).isEqualTo("{\"error\":\"no product 99\"}");
        assertThat(notANumber.statusCode()).isEqualTo(404);
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(target.servedByRoute())
                .containsEntry("GET /api/products/{id}", 2L)
                .containsEntry("GET (unmatched)", 1L);
    }

    @Test
    void loginSetsASessionCookieThatTheCartAndCheckoutNeed() throws Exception {
        target = SampleTarget.start(0, NO_LATENCY_NO_ERRORS);

        assertThat(post("/api/login", "{\"username\":\"ann\",\"password\":\"wrong\"}", null).statusCode())
                .isEqualTo(401);
        assertThat(post("/api/login", "not json", null).statusCode()).isEqualTo(400);
        assertThat(get("/api/cart", null).statusCode()).isEqualTo(401);
        assertThat(post("/api/checkout", "", "session=forged").statusCode()).isEqualTo(401);

        HttpResponse<String> login = post("/api/login", "{\"username\":\"ann\",\"password\":\"secret\"}", null);
        assertThat(login.statusCode()).isEqualTo(200);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).matches("session=[0-9a-f-]{36}; Path=/; HttpOnly");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(post("/api/cart", "{\"productId\": 3}", cookie).statusCode()).isEqualTo(201);
        assertThat(post("/api/cart", "{\"productId\": 3}", cookie).statusCode()).isEqualTo(201);
        assertThat(post("/api/cart", "{\"productId\": 42}", cookie).statusCode()).isEqualTo(404);
        assertThat(post("/api/cart", "{}", cookie).statusCode()).isEqualTo(400);
        assertThat(get("/api/cart", "other=1; " + cookie).body())
                .isEqualTo("{\"items\":[{\"productId\":3,\"name\":\"Product 3\",\"price\":14.99,\"quantity\":2}]}");

        HttpResponse<String> order = post("/api/checkout", "", cookie);
        assertThat(order.statusCode()).isEqualTo(200);
        assertThat(order.body()).matches("\\{\"orderId\":\\d+,\"items\":2,\"total\":29.98}");
        assertThat(get("/api/cart", cookie).body()).isEqualTo("{\"items\":[]}");
    }

    @Test
    void redirectPointsAtTheProductList() throws Exception {
        target = SampleTarget.start(0, NO_LATENCY_NO_ERRORS);

        HttpResponse<String> redirect = get("/redirect", null);
        try (HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<String> followed = following.send(
                    HttpRequest.newBuilder(URI.create(target.baseUrl() + "/redirect")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(followed.statusCode()).isEqualTo(200);
            assertThat(followed.uri().getPath()).isEqualTo("/api/products");
        }

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/api/products");
        assertThat(target.servedByRoute()).containsEntry("GET /redirect", 2L).containsEntry("GET /api/products", 1L);
    }

    @Test
    void anErrorRateOfOneFailsEveryCheckoutWith503() throws Exception {
        target = SampleTarget.start(0, new SampleTarget.Config(1.0, 0, 0));
        String cookie = login();

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> checkout = post("/api/checkout", "", cookie);
            assertThat(checkout.statusCode()).isEqualTo(503);
            assertThat(checkout.body()).isEqualTo("{\"error\":\"checkout is temporarily unavailable\"}");
        }
        assertThat(target.servedWithStatus(503)).isEqualTo(5);
        assertThat(get("/api/products", null).statusCode()).isEqualTo(200);
    }

    @Test
    void slowEndpointTakesAtLeast200Ms() throws Exception {
        target = SampleTarget.start(0, NO_LATENCY_NO_ERRORS);

        long start = System.nanoTime();
        HttpResponse<String> slow = get("/api/slow", null);

        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void countsMatchTheRequestsMadeConcurrently() throws Exception {
        target = SampleTarget.start(0, SampleTarget.Config.defaults());
        String cookie = login();
        target.reset();
        assertThat(target.served()).isZero();

        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                statuses.add(users.submit(() -> n % 2 == 0
                        ? get("/api/products/" + (n % 20 + 1), null).statusCode()
                        : post("/api/cart", "{\"productId\": 1}", cookie).statusCode()));
            }
        }

        assertThat(statuses).allSatisfy(s -> assertThat(s.get()).isIn(200, 201));
        assertThat(target.served()).isEqualTo(200);
        assertThat(target.servedByRoute())
                .isEqualTo(Map.of("GET /api/products/{id}", 100L, "POST /api/cart", 100L));
        assertThat(target.servedWithStatus(200)).isEqualTo(100);
        assertThat(target.servedWithStatus(201)).isEqualTo(100);
        assertThat(target.servedWithStatus(500)).isZero();
    }

    @Test
    void configRejectsImpossibleValues() {
        assertThatThrownBy(() -> new SampleTarget.Config(1.5, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SampleTarget.Config(0, 5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SampleTarget.Config.defaults()).isEqualTo(new SampleTarget.Config(0.01, 0, 5));
    }

    private String login() throws IOException, InterruptedException {
        HttpResponse<String> login = post("/api/login", "{\"username\":\"bob\",\"password\":\"secret\"}", null);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        return send(request(path, cookie).GET());
    }

    private HttpResponse<String> post(String path, String json, String cookie)
            throws IOException, InterruptedException {
        return send(request(path, cookie).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json"));
    }

    private HttpRequest.Builder request(String path, String cookie) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.baseUrl() + path))
                .timeout(Duration.ofSeconds(10));
        return cookie == null ? builder : builder.header("Cookie", cookie);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
