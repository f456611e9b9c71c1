package dev.loadtest.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * The protocol HttpUser's shared client asks for. HTTP/1.1 is the default because it is the faster one for
 * plain-HTTP load (no upgrade attempt, no stream multiplexing overhead); HTTP/2 is for targets where the
 * protocol itself is under test. Written as "1.1" or "2" in flags, manifests and the control protocol.
 */
public enum HttpVersion {
    HTTP_1_1("1.1"),
    HTTP_2("2");

    /** The accepted values, for error messages. */
    public static final String ALLOWED = "1.1 or 2";

    private final String value;

    HttpVersion(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** Parses "1.1" or "2"; throws IllegalArgumentException naming the accepted values. */
    @JsonCreator
    public static HttpVersion parse(String text) {
        String s = text == null ? "" : text.trim();
        return Arrays.stream(values()).filter(v -> v.value.equals(s)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an HTTP version; use " + ALLOWED));
    }
}
