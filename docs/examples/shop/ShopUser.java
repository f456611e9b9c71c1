import dev.loadtest.CustomOption;
import dev.loadtest.HttpUser;
import dev.loadtest.Tag;
import dev.loadtest.Task;
import dev.loadtest.TaskSet;
import dev.loadtest.WaitTime;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.loadtest.RequestOptions.with;

/**
 * A shopper of the bundled sample shop: logs in, browses, fills a cart, sometimes checks out.
 * Run it with: loadtest -f docs/examples/shop/ShopUser.java --sample-target -u 50 -r 10 -t 30s --headless
 */
@CustomOption(name = "product-count", defaultValue = "20", description = "How many products the shop has.")
public class ShopUser extends HttpUser {

    @Override
    protected WaitTime waitTime() {
        return WaitTime.between(0.05, 0.2);
    }

    @Override
    protected void onStart() {
        client.post("/api/login", with().json(Map.of("username", "shopper", "password", "secret")));
    }

    @Task(5)
    void listProducts() {
        client.get("/api/products");
    }

    @Task(3)
    void viewProduct() {
        int id = 1 + ThreadLocalRandom.current().nextInt(options().getInt("product-count", 20));
        client.get("/api/products/" + id, with().name("/api/products/[id]"));
    }

    @Task(2)
    @Tag("cart")
    void addToCart() {
        int id = 1 + ThreadLocalRandom.current().nextInt(options().getInt("product-count", 20));
        client.post("/api/cart", with().json(Map.of("productId", id)));
    }

    @Task(1)
    @Tag("checkout")
    void checkout() {
        client.post("/api/checkout", with().json(Map.of()).catchResponse(r -> {
            if (r.status() == 200 && !r.json().has("orderId")) {
                r.failure("checkout answered 200 without an orderId");
            }
        }));
    }

    /** A browsing session: a few product pages, then back to the main loop. */
    @Task(1)
    class Browse extends TaskSet {

        @Task(3)
        void product() {
            client.get("/api/products/" + (1 + ThreadLocalRandom.current().nextInt(20)),
                    with().name("/api/products/[id]"));
        }

        @Task(1)
        void done() {
            interrupt();
        }
    }
}
