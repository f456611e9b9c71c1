import dev.loadtest.Auth;
import dev.loadtest.CustomOption;
import dev.loadtest.FastHttpUser;
import dev.loadtest.Task;
import dev.loadtest.WaitTime;

import java.time.Duration;

import static dev.loadtest.RequestOptions.with;

/**
 * What a locustfile does with requests, in a loadfile: session headers and auth, query parameters, a form,
 * a multipart upload, raise_for_status and a per-request timeout. The same code runs on HttpUser.
 * Run it with: loadtest -f docs/examples/requests/ApiUser.java -H http://localhost:8080 --token T --headless
 */
@CustomOption(name = "token", defaultValue = "dev-token", description = "The API's bearer token.")
public class ApiUser extends FastHttpUser {

    @Override
    protected WaitTime waitTime() {
        return WaitTime.between(0.01, 0.05);
    }

    @Override
    protected void onStart() {
        client.headers().put("X-Tenant", "acme");                     // self.client.headers.update(...)
        client.auth(Auth.bearer(options().get("token", "dev-token")));  // self.client.auth = ...
    }

    @Task(3)
    void search() {                                                   // params={"q": ..., "page": 2}
        client.get("/search", with().param("q", "café au lait").param("page", 2).name("/search?q=[q]"));
    }

    @Task
    void login() {                                                    // data={"user": ..., "password": ...}
        client.post("/login", with().formField("user", "ann").formField("password", "s3cret"));
    }

    @Task
    void upload() {                                                   // files={"avatar": (...)}, data={...}
        client.post("/avatars", with().formField("user", "ann")
                .file("avatar", "me.png", new byte[] {1, 2, 3}, "image/png"));
    }

    @Task
    void order() {                                                    // post(...).raise_for_status()
        String id = client.post("/orders").raiseForStatus().json().get("id").asText();
        client.get("/orders/" + id, with().name("/orders/[id]").timeout(Duration.ofSeconds(2)));
    }
}
