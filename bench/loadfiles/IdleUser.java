import dev.loadtest.FastHttpUser;
import dev.loadtest.Task;
import dev.loadtest.WaitTime;

/** A mostly idle user: one request, then a long think time. For measuring memory per user. */
public class IdleUser extends FastHttpUser {
    @Override
    protected WaitTime waitTime() {
        return WaitTime.between(20, 40);
    }

    @Task
    void get() {
        client.get("/");
    }
}
