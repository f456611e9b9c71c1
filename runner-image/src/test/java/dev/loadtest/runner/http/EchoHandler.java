package dev.loadtest.runner.http;

import dev.loadtest.Response;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A handler for the JDK's HttpServer that answers with what it received, as JSON: method, raw URI, headers, body. */
final class EchoHandler {

    /** The tests' own JSON reader and writer (the loadfile API has its own, {@link dev.loadtest.Json}). */
    static final ObjectMapper JSON = new ObjectMapper();

    private EchoHandler() {
    }

    /** Headers under lower-case names, each a list of values; the body as Latin-1, so every byte survives. */
    static void echo(HttpExchange ex) throws IOException {
        var json = JSON.createObjectNode();
        json.put("method", ex.getRequestMethod());
        json.put("uri", ex.getRequestURI().toString());
        var headers = json.putObject("headers");
        ex.getRequestHeaders().forEach((k, v) -> {
            var values = headers.putArray(k.toLowerCase(Locale.ROOT));
            v.forEach(values::add);
        });
        json.put("body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    /** The first value of a header the echo received, or null. */
    static String header(Response echo, String name) {
        var values = echo.json().get("headers").get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0).asText();
    }

    /** The body the echo received, one char per byte. */
    static String body(Response echo) {
        return echo.json().get("body").asText();
    }
}
