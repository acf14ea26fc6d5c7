package org.orrery.files;

import java.time.Instant;
import java.util.Objects;

/**
 * A file in the store.
 *
 * @param path its path under the root, '/'-separated
 * @param size its content's size in bytes as written (decompressed, decrypted); -1 when not known
 *        without reading it
 * @param storedSize the bytes it takes on disk
 * @param modified when it was last written
 * @param compression how it is compressed
 * @param keyId the id of the key it is encrypted with, or null when it is not encrypted
 */
public record StoredFile(String path, long size, long storedSize, Instant modified, Compression compression, String keyId) {

    public StoredFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(compression, "compression");
    }

    public boolean encrypted() {
        return keyId != null;
    }
}
