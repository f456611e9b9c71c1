import dev.loadtest.CustomOption;
import dev.loadtest.HttpUser;
import dev.loadtest.SequentialTaskSet;
import dev.loadtest.Tag;
import dev.loadtest.Task;
import dev.loadtest.TaskSet;
import dev.loadtest.User;
import dev.loadtest.WaitTime;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.loadtest.RequestOptions.with;

/** docs/examples/migrating/locustfile.py, ported: the same requests in the same proportions. */
@CustomOption(name = "product-count", defaultValue = "20", description = "How many products the shop has")
public class Shopper extends HttpUser {

    static int productId(User user) {
        return ThreadLocalRandom.current().nextInt(1, user.options().getInt("product-count", 20) + 1);
    }

    @Override
    protected WaitTime waitTime() {
        return WaitTime.between(0.01, 0.05);
    }

    @Override
    protected void onStart() {
        // the shop answers with a session cookie, which the client keeps for this user
        client.post("/api/login", with().json(Map.of("username", "shopper", "password", "secret")));
    }

    @Task(5)
    void listProducts() {
        client.get("/api/products");
    }

    /** A browsing session: a few product pages, then back to the main loop. */
    @Task(2)
    static class Browse extends TaskSet {

        @Task(3)
        void product() {
            client.get("/api/products/" + productId(user()), with().name("/api/products/[id]"));
        }

        @Task(1)
        void done() {
            interrupt();
        }
    }

    /** Add to the cart, look at it, check out: in this order. */
    @Task(1)
    static class Purchase extends SequentialTaskSet {

        @Tag("cart")
        @Task
        void addToCart() {
            client.post("/api/cart", with().json(Map.of("productId", productId(user()))));
        }

        @Tag("cart")
        @Task
        void viewCart() {
            client.get("/api/cart");
        }

        @Tag("checkout")
        @Task
        void checkout() {
            client.post("/api/checkout", with().json(Map.of()).catchResponse(r -> {
                if (r.status() == 200 && !r.json().has("orderId")) {
                    r.failure("checkout answered 200 without an orderId");
                }
            }));
            interrupt();
        }
    }
}
