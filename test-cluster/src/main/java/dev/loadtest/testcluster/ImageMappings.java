package dev.loadtest.testcluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Image prefix to {@link ImageCommand}; the longest matching prefix wins, so specific tags can override. */
public final class ImageMappings {
    private final Map<String, ImageCommand> byPrefix = new LinkedHashMap<>();

    public ImageMappings put(String imagePrefix, ImageCommand command) {
        if (imagePrefix == null || imagePrefix.isBlank()) {
            throw new IllegalArgumentException("image prefix must not be blank");
        }
        byPrefix.put(imagePrefix, command);
        return this;
    }

    public Optional<ImageCommand> find(String image) {
        if (image == null) {
            return Optional.empty();
        }
        return byPrefix.entrySet().stream()
                .filter(e -> image.startsWith(e.getKey()))
                .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                .map(Map.Entry::getValue);
    }

    public java.util.Set<String> prefixes() {
        return java.util.Collections.unmodifiableSet(byPrefix.keySet());
    }

    ImageMappings copy() {
        ImageMappings copy = new ImageMappings();
        copy.byPrefix.putAll(byPrefix);
        return copy;
    }
}
