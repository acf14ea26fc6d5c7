package org.orrery.sequence;

import java.nio.file.Path;
import java.util.Locale;

/** The two spellings of a sequence document or template: the same content. */
public enum DocumentFormat {
    JSON("application/json"),
    YAML("application/yaml");

    private final String mediaType;

    DocumentFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** YAML for {@code .yaml} and {@code .yml}, JSON otherwise. */
    public static DocumentFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
    }
}
