import dev.loadtest.FastHttpUser;
import dev.loadtest.RequestOptions;
import dev.loadtest.Task;
import dev.loadtest.WaitTime;

/** first-request.sh's user on the lean HTTP/1.1 client: logs in once (its first request), then browses once a second. */
public class LoginFastUser extends FastHttpUser {
    @Override
    protected WaitTime waitTime() {
        return WaitTime.constant(1);
    }

    @Override
    protected void onStart() {
        client.post("/login", RequestOptions.with().body("{\"username\":\"alice\",\"password\":\"secret\"}")
                .header("Content-Type", "application/json"));
    }

    @Task
    void browse() {
        client.get("/items");
    }
}
