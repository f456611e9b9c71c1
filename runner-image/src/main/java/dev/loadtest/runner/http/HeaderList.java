package dev.loadtest.runner.http;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Response headers as the transport read them: name/value pairs looked up by a scan (a response has a dozen
 * headers at most), and turned into a JDK {@link HttpHeaders} only if user code asks for one. Building an
 * HttpHeaders validates and sorts every header, which costs more than the rest of a small response.
 *
 * <p>FastHttpUser's transport hands over the header bytes as read ({@link #ofBytes}): names are compared byte by
 * byte and a value becomes a String only when asked for, so that the common response, whose headers nobody reads,
 * costs one copy of its header block instead of two Strings per header.
 */
final class HeaderList {

    static final HeaderList EMPTY = new HeaderList(new String[0], 0, null);

    /** name, value, name, value...: given, or made from {@link #raw} when every header is wanted. */
    private String[] pairs;
    /** The number of entries in {@link #pairs} or {@link #bounds} (two per header). */
    private final int size;
    /** ISO-8859-1 header bytes, with {@link #bounds} holding [start, end) of each name and value; or null. */
    private final byte[] raw;
    private final int[] bounds;
    private HttpHeaders http;

    private HeaderList(String[] pairs, int size, HttpHeaders http) {
        this.pairs = pairs;
        this.size = size;
        this.http = http;
        this.raw = null;
        this.bounds = null;
    }

    private HeaderList(byte[] raw, int[] bounds, int size) {
        this.raw = raw;
        this.bounds = bounds;
        this.size = size;
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

    /**
     * Headers as bytes: entry {@code i} of the {@code size} entries (name, value, name, value...) is
     * {@code raw[bounds[2i], bounds[2i + 1])}, without surrounding blanks. The list keeps both arrays.
     */
    static HeaderList ofBytes(byte[] raw, int[] bounds, int size) {
        return new HeaderList(raw, bounds, size);
    }

    /** The first value of a header (case-insensitive), or null. */
    String first(String name) {
        if (raw == null) {
            for (int i = 0; i < size; i += 2) {
                if (pairs[i].equalsIgnoreCase(name)) {
                    return pairs[i + 1];
                }
            }
            return null;
        }
        for (int i = 0; i < size; i += 2) {
            if (nameIs(i, name)) {
                return entry(i + 1);
            }
        }
        return null;
    }

    boolean contains(String name) {
        if (raw == null) {
            return first(name) != null;
        }
        for (int i = 0; i < size; i += 2) {
            if (nameIs(i, name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether entry {@code i} equals {@code name}, ignoring ASCII case (header names are ASCII tokens). */
    private boolean nameIs(int i, String name) {
        int start = bounds[2 * i];
        int length = bounds[2 * i + 1] - start;
        if (length != name.length()) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            int a = raw[start + k] & 0xff;
            int b = name.charAt(k);
            if (a != b && lower(a) != lower(b)) {
                return false;
            }
        }
        return true;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    private String entry(int i) {
        int start = bounds[2 * i];
        return new String(raw, start, bounds[2 * i + 1] - start, StandardCharsets.ISO_8859_1);
    }

    HttpHeaders http() {
        if (http == null) {
            if (pairs == null) {
                String[] all = new String[size];
                for (int i = 0; i < size; i++) {
                    all[i] = entry(i);
                }
                pairs = all;
            }
            Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 0; i < size; i += 2) {
                map.computeIfAbsent(pairs[i], k -> new ArrayList<>(1)).add(pairs[i + 1]);
            }
            http = HttpHeaders.of(map, (a, b) -> true);
        }
        return http;
    }
}
