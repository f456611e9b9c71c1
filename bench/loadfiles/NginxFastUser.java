import dev.loadtest.FastHttpUser;
import dev.loadtest.Task;

/** The benchmark's user on the lean HTTP/1.1 client: one GET of nginx's small JSON per task, no wait. */
public class NginxFastUser extends FastHttpUser {
    @Task
    void get() {
        client.get("/");
    }
}
