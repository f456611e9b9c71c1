import dev.loadtest.FastHttpUser;
import dev.loadtest.Task;
import dev.loadtest.WaitTime;

/** A paced user: 10 requests per second each, so 50 users make the fixed-rate benchmark's 500 req/s. */
public class PacedUser extends FastHttpUser {
    @Override
    protected WaitTime waitTime() {
        return WaitTime.constantThroughput(10);
    }

    @Task
    void get() {
        client.get("/");
    }
}
