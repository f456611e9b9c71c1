package dev.loadtest.operator.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Looks for secret values in every place a user or an operator of the cluster can read: each place is added
 * under a name, and {@link #leaks()} says which secret showed up where, so that a failing test names the leak.
 */
final class LeakScan {

    private final Map<String, String> secrets;
    private final Map<String, String> places = new LinkedHashMap<>();

    /** {@code secrets} maps a secret's description (never its value) to its value. */
    LeakScan(Map<String, String> secrets) {
        secrets.forEach((what, value) -> {
            if (value == null || value.length() < 8) {
                throw new IllegalArgumentException(what + " is too short to be searched for without false hits");
            }
        });
        this.secrets = Map.copyOf(secrets);
    }

    LeakScan text(String place, String text) {
        places.put(place, text);
        return this;
    }

    /** Every regular file under {@code dir} (a log, a report), named by its path. */
    LeakScan files(Path dir) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " does not exist: nothing to scan is no proof of no leak");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                places.put(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    List<String> placesScanned() {
        return List.copyOf(places.keySet());
    }

    /** "the run token in operator-1.log", one entry per secret and place it was found in. */
    List<String> leaks() {
        List<String> found = new ArrayList<>();
        places.forEach((place, text) -> secrets.forEach((what, value) -> {
            if (text.contains(value)) {
                found.add(what + " in " + place);
            }
        }));
        return found;
    }
}
