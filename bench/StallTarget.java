import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A target that answers at once, until told to stall: {@code GET /stall?ms=1000} makes every request that arrives
 * or is in progress in the next second wait until the second is over, as a server frozen by a GC pause or a lock
 * would. Run with {@code java bench/StallTarget.java PORT}; it serves 127.0.0.1 only.
 */
public class StallTarget {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        AtomicLong stallUntil = new AtomicLong();
        byte[] ok = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        server.createContext("/stall", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            long ms = Long.parseLong(query == null ? "1000" : query.replace("ms=", ""));
            stallUntil.set(System.nanoTime() + ms * 1_000_000);
            System.out.println("stalling for " + ms + " ms");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            long wait = stallUntil.get() - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        System.out.println("serving http://127.0.0.1:" + port);
    }
}
