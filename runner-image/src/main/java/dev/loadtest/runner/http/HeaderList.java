package dev.loadtest.runner.http;

import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Response headers as the transport read them: name/value pairs looked up by a scan (a response has a dozen
 * headers at most), and turned into a JDK {@link HttpHeaders} only if user code asks for one. Building an
 * HttpHeaders validates and sorts every header, which costs more than the rest of a small response.
 */
final class HeaderList {

    static final HeaderList EMPTY = new HeaderList(new String[0], 0, null);

    private final String[] pairs;
    private final int size;
    private HttpHeaders http;

    private HeaderList(String[] pairs, int size, HttpHeaders http) {
        this.pairs = pairs;
        this.size = size;
        this.http = http;
    }

    static HeaderList of(HttpHeaders headers) {
        List<String> flat = new ArrayList<>();
        headers.map().forEach((name, values) -> values.forEach(v -> {
            flat.add(name);
            flat.add(v);
        }));
        return new HeaderList(flat.toArray(String[]::new), flat.size(), headers);
    }

    /** {@code pairs} holds name, value, name, value...; only its first {@code size} entries are used. */
    static HeaderList of(String[] pairs, int size) {
        return new HeaderList(pairs, size, null);
    }

    /** The first value of a header (case-insensitive), or null. */
    String first(String name) {
        for (int i = 0; i < size; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                return pairs[i + 1];
            }
        }
        return null;
    }

    boolean contains(String name) {
        return first(name) != null;
    }

    HttpHeaders http() {
        if (http == null) {
            Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 0; i < size; i += 2) {
                map.computeIfAbsent(pairs[i], k -> new ArrayList<>(1)).add(pairs[i + 1]);
            }
            http = HttpHeaders.of(map, (a, b) -> true);
        }
        return http;
    }
}
