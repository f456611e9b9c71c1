import dev.loadtest.*;

/** A user and the step shape it runs under: +10 users every minute for five minutes. */
public class StepUser extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return WaitTime.between(1, 2);
    }

    @Task
    void home() {
        client.get("/");
    }
}

class Steps extends LoadShape {
    @Override
    public Target tick() {
        double t = getRunTime();                           // seconds since the test started
        if (t >= 300) {
            return null;                                   // stop the test
        }
        return new Target(10 * (1 + (int) (t / 60)), 10);  // 10, 20, ... 50 users, 10 started a second
    }
}
