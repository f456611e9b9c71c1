package dev.loadtest;

/**
 * A user with an HTTP session, {@link #client}, on the JDK's {@code java.net.http.HttpClient} (HTTP/1.1 and
 * HTTP/2, TLS, proxies). Each user keeps its own cookies, like Locust's {@code HttpSession}; connections are
 * pooled and reused across requests.
 */
public abstract class HttpUser extends User {

    /** This user's HTTP session. */
    protected HttpSession client;

    /** Subclasses need a no-argument constructor; the runner creates the users. */
    protected HttpUser() {
    }

    @Override
    void attach(UserContext context) {
        super.attach(context);
        this.client = context.newHttpSession(fast());
    }

    @Override
    void detach() {
        if (client != null) {
            HttpSession.close(client);
        }
    }

    /** Whether this user's session is FastHttpUser's transport. */
    boolean fast() {
        return false;
    }
}
