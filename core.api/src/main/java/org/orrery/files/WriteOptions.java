package org.orrery.files;

import java.util.Objects;

/**
 * How a file is written.
 *
 * @param compression none, gzip or zstd
 * @param encrypt whether the content is encrypted with the store's current key (AES-256-GCM)
 * @param overwrite whether an existing file at the path is replaced (else EXISTS)
 */
public record WriteOptions(Compression compression, boolean encrypt, boolean overwrite) {

    /** Plain, replacing what is there. */
    public static final WriteOptions PLAIN = new WriteOptions(Compression.NONE, false, true);

    public WriteOptions {
        Objects.requireNonNull(compression, "compression");
    }
}
