package org.orrery.files;

import java.io.InputStream;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Files under the store's root folder, named by relative paths of '/'-separated segments. A path
 * that could leave the root (an absolute path, "..", a NUL byte, a symbolic link leading out, a
 * name the platform reserves) is refused with {@link FileStoreException.Reason#BAD_PATH}.
 * Every method may be called from any thread.
 */
@ProviderType
public interface FileStore {

    /**
     * Writes {@code data} at {@code path} atomically: readers see the old file or the whole new
     * one, never a part, also after a crash. Compressed and encrypted as {@code options} say.
     *
     * @return the file as stored
     * @throws FileStoreException BAD_PATH, EXISTS (the path exists and {@code overwrite} is
     *         false), NO_KEY (encryption asked for, no key configured), IO
     */
    StoredFile write(String path, InputStream data, WriteOptions options) throws FileStoreException;

    /** {@link #write(String, InputStream, WriteOptions)} of bytes. */
    StoredFile write(String path, byte[] data, WriteOptions options) throws FileStoreException;

    /**
     * The whole content of a file as it was written (decompressed, decrypted); served from the
     * read cache when {@code useCache} and it is there.
     *
     * @throws FileStoreException BAD_PATH, NOT_FOUND, NO_KEY (the file's key is not known),
     *         TAMPERED (authentication failed: never returns such content), IO
     */
    byte[] read(String path, boolean useCache) throws FileStoreException;

    /**
     * The content of a file as a stream (decompressed, decrypted), for large files. An encrypted
     * file is authenticated before its first byte is returned.
     */
    InputStream open(String path) throws FileStoreException;

    /** The file at {@code path}, if there is one. */
    Optional<StoredFile> stat(String path) throws FileStoreException;

    /** Deletes a file; false when there was none. */
    boolean delete(String path) throws FileStoreException;

    /**
     * The files under folder {@code folder} ("" for the root), with their sub-folders' files when
     * {@code recursive}, in path order, from {@code offset}, at most {@code limit} of them.
     */
    FilePage list(String folder, boolean recursive, int offset, int limit) throws FileStoreException;

    /** Counters since the store started: reads, writes, cache hits and misses, bytes. */
    FileStoreMetrics metrics();
}
