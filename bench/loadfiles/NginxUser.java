import dev.loadtest.HttpUser;
import dev.loadtest.Task;

/** The benchmark's user: one GET of nginx's small JSON per task, no wait (as the Locust and wrk runs). */
public class NginxUser extends HttpUser {
    @Task
    void get() {
        client.get("/");
    }
}
