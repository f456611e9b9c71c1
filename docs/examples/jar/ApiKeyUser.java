import dev.loadtest.HttpUser;
import dev.loadtest.Task;
import dev.loadtest.WaitTime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.loadtest.RequestOptions.with;

/**
 * A user per row of users.csv, a data file that sits beside the loadfile: each user sends its row's API key.
 * The runner names the loadfile's folder in the system property loadtest.loadfile.dir (in a cluster,
 * /loadtest/loadfile for a ConfigMap loadfile, or the folder of spec.loadfile.path in a custom image).
 */
public class ApiKeyUser extends HttpUser {

    private static final List<String> API_KEYS = apiKeys();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private String apiKey;

    static List<String> apiKeys() {
        Path csv = Path.of(System.getProperty("loadtest.loadfile.dir", "."), "users.csv");
        try {
            return Files.readAllLines(csv).stream().skip(1).filter(l -> !l.isBlank())
                    .map(l -> l.split(",")[1].trim()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": put users.csv beside the loadfile", e);
        }
    }

    @Override
    protected WaitTime waitTime() {
        return WaitTime.between(0.05, 0.2);
    }

    @Override
    protected void onStart() {
        apiKey = API_KEYS.get(NEXT.getAndIncrement() % API_KEYS.size());
    }

    @Task
    void listProducts() {
        client.get("/api/products", with().header("X-Api-Key", apiKey));
    }
}
