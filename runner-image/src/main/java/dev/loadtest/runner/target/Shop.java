package dev.loadtest.runner.target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The sample target's domain: a fixed catalogue, sessions with a cart each, and numbered orders. Cart
 * operations return empty when the session is unknown, which the API answers with 401.
 */
final class Shop {

    static final int PRODUCT_COUNT = 20;
    static final String PASSWORD = "secret";
    /** Every login makes a session; a long test must not grow them without bound. */
    static final int MAX_SESSIONS = 100_000;

    record Product(int id, String name, double price) {
    }

    record CartItem(int productId, String name, double price, int quantity) {
    }

    record Order(long orderId, int items, double total) {
    }

    private final List<Product> products = IntStream.rangeClosed(1, PRODUCT_COUNT)
            .mapToObj(id -> new Product(id, "Product " + id, 5 * id - 0.01))
            .toList();
    /** Session id to its cart (product id to quantity); each cart is guarded by its own monitor. */
    private final ConcurrentHashMap<String, Map<Integer, Integer>> carts = new ConcurrentHashMap<>();
    private final AtomicLong orderNumbers = new AtomicLong();

    List<Product> products() {
        return products;
    }

    Optional<Product> product(int id) {
        return id >= 1 && id <= PRODUCT_COUNT ? Optional.of(products.get(id - 1)) : Optional.empty();
    }

    /** A new session id if the password is right. */
    Optional<String> login(String username, String password) {
        if (username == null || !PASSWORD.equals(password)) {
            return Optional.empty();
        }
        String session = UUID.randomUUID().toString();
        if (carts.size() >= MAX_SESSIONS) {
            // Any session will do: at this many logins an old one is most likely abandoned.
            carts.keySet().stream().findAny().ifPresent(carts::remove);
        }
        carts.put(session, new LinkedHashMap<>());
        return Optional.of(session);
    }

    boolean isSession(String session) {
        return session != null && carts.containsKey(session);
    }

    Optional<List<CartItem>> addToCart(String session, Product product) {
        return cartOf(session).map(cart -> {
            synchronized (cart) {
                cart.merge(product.id(), 1, Integer::sum);
                return items(cart);
            }
        });
    }

    Optional<List<CartItem>> cart(String session) {
        return cartOf(session).map(cart -> {
            synchronized (cart) {
                return items(cart);
            }
        });
    }

    /** Orders what is in the cart, which empties it. An empty cart gives an empty order, not an error. */
    Optional<Order> checkout(String session) {
        return cartOf(session).map(cart -> {
            List<CartItem> items;
            synchronized (cart) {
                items = items(cart);
                cart.clear();
            }
            int count = items.stream().mapToInt(CartItem::quantity).sum();
            double total = items.stream().mapToDouble(i -> i.price() * i.quantity()).sum();
            return new Order(orderNumbers.incrementAndGet(), count, Math.round(total * 100) / 100.0);
        });
    }

    private Optional<Map<Integer, Integer>> cartOf(String session) {
        return session == null ? Optional.empty() : Optional.ofNullable(carts.get(session));
    }

    private List<CartItem> items(Map<Integer, Integer> cart) {
        List<CartItem> items = new ArrayList<>();
        cart.forEach((id, quantity) -> {
            Product p = products.get(id - 1);
            items.add(new CartItem(id, p.name(), p.price(), quantity));
        });
        return items;
    }
}
