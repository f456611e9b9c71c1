package dev.loadtest;

/**
 * What the engine provides to a running user: the {@link TestContext} and the user's HTTP session. Not for
 * loadfiles, which see it through {@link User}'s methods; the runner implements it.
 */
public interface UserContext extends TestContext {

    /**
     * A new HTTP session for one user, bound to this run (its host, TLS settings and statistics).
     *
     * @param fast true for {@link FastHttpUser}'s own HTTP/1.1 connections, false for {@link HttpUser}'s JDK
     *             client
     * @return the session
     */
    HttpSession newHttpSession(boolean fast);
}
