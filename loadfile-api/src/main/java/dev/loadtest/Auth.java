package dev.loadtest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials sent as the {@code Authorization} header (requests' {@code auth=}): {@code Auth.basic(user,
 * password)} or {@code Auth.bearer(token)}, for a whole session ({@code client.auth(...)}) or one request
 * ({@code with().auth(...)}, which wins). The header is built once here, not per request.
 */
public final class Auth {

    private final String header;

    private Auth(String header) {
        this.header = header;
    }

    /**
     * HTTP Basic ({@code requests.auth.HTTPBasicAuth}): user and password in UTF-8, Base64-encoded.
     *
     * @param user     the user name
     * @param password the password; "" for none
     * @return the credentials
     */
    public static Auth basic(String user, String password) {
        if (user == null || password == null) {
            throw new IllegalArgumentException("Auth.basic needs a user and a password (an empty one is \"\")");
        }
        String pair = user + ":" + password;
        return new Auth("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A bearer token ({@code Authorization: Bearer <token>}), e.g. an OAuth access token or a JWT.
     *
     * @param token the token
     * @return the credentials
     */
    public static Auth bearer(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("Auth.bearer needs a token, got " + (token == null ? "null" : "\"\""));
        }
        return new Auth("Bearer " + token);
    }

    /** {@return the value of the Authorization header} */
    public String header() {
        return header;
    }

    @Override
    public String toString() {
        // never the credentials: this may end up in a log line
        return header.startsWith("Basic") ? "Auth.basic(...)" : "Auth.bearer(...)";
    }
}
