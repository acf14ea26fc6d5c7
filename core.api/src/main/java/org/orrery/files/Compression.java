package org.orrery.files;

import java.util.Locale;

/** How a stored file is compressed. A read finds out by itself which was used. */
public enum Compression {
    NONE, GZIP, ZSTD;

    /** The name in seed 002's options and the REST API: {@code none}, {@code gzip}, {@code zstd}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The compression called {@code text} (case ignored; null or "" is NONE). */
    public static Compression parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        for (Compression c : values()) {
            if (c.name().equalsIgnoreCase(text.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + text + "': expected none, gzip or zstd");
    }
}
