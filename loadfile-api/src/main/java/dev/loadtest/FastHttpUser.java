package dev.loadtest;

/**
 * A user whose {@link #client} is a lean HTTP/1.1 client on blocking sockets (Locust's {@code FastHttpUser}):
 * each user keeps its own keep-alive connection, read and written on its virtual thread with no hand-off
 * to other threads, which makes a request several times cheaper than through the JDK's HttpClient. Same API,
 * cookies and statistics as {@link HttpUser}; HTTP/1.1 only (plain or TLS, with the run's {@code --insecure}
 * honoured as HttpUser honours it), no HTTP/2.
 */
public abstract class FastHttpUser extends HttpUser {

    /** Subclasses need a no-argument constructor; the runner creates the users. */
    protected FastHttpUser() {
    }

    @Override
    boolean fast() {
        return true;
    }
}
