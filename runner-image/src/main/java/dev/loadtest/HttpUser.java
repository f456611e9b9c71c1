package dev.loadtest;

/**
 * A user with an HTTP session, {@link #client}, on the JDK's {@code java.net.http.HttpClient} (HTTP/1.1 and
 * HTTP/2, TLS, proxies). Each user keeps its own cookies, like Locust's {@code HttpSession}; connections are
 * pooled and reused across requests.
 */
public abstract class HttpUser extends User {

    /** This user's HTTP session. */
    protected HttpSession client;

    @Override
    void attach(UserContext context) {
        super.attach(context);
        this.client = newSession(context);
    }

    @Override
    void detach() {
        if (client != null) {
            client.close();
        }
    }

    HttpSession newSession(UserContext context) {
        return new JdkHttpSession(context);
    }
}
