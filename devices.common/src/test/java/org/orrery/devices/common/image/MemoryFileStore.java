package org.orrery.devices.common.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.orrery.files.FilePage;
import org.orrery.files.FileStore;
import org.orrery.files.FileStoreException;
import org.orrery.files.FileStoreMetrics;
import org.orrery.files.StoredFile;
import org.orrery.files.WriteOptions;

/** A file store in memory for tests: what was written, with the options it was written with. */
public final class MemoryFileStore implements FileStore {

    /** A file as written. */
    public record Entry(byte[] content, WriteOptions options) {
    }

    public final Map<String, Entry> files = new TreeMap<>();

    @Override
    public synchronized StoredFile write(String path, InputStream data, WriteOptions options) throws FileStoreException {
        try {
            return write(path, data.readAllBytes(), options);
        } catch (IOException e) {
            throw new FileStoreException(FileStoreException.Reason.IO, e.getMessage(), e);
        }
    }

    @Override
    public synchronized StoredFile write(String path, byte[] data, WriteOptions options) throws FileStoreException {
        if (!options.overwrite() && files.containsKey(path)) {
            throw new FileStoreException(FileStoreException.Reason.EXISTS, "'" + path + "' exists");
        }
        files.put(path, new Entry(data.clone(), options));
        return stored(path, files.get(path));
    }

    @Override
    public synchronized byte[] read(String path, boolean useCache) throws FileStoreException {
        return entry(path).content().clone();
    }

    @Override
    public synchronized InputStream open(String path) throws FileStoreException {
        return new ByteArrayInputStream(entry(path).content());
    }

    @Override
    public synchronized Optional<StoredFile> stat(String path) {
        Entry e = files.get(path);
        return e == null ? Optional.empty() : Optional.of(stored(path, e));
    }

    @Override
    public synchronized boolean delete(String path) {
        return files.remove(path) != null;
    }

    @Override
    public synchronized FilePage list(String folder, boolean recursive, int offset, int limit) {
        throw new UnsupportedOperationException("frames are never listed by the actions");
    }

    @Override
    public FileStoreMetrics metrics() {
        return new FileStoreMetrics(0, 0, 0, 0, 0, 0, 0, 0);
    }

    private Entry entry(String path) throws FileStoreException {
        Entry e = files.get(path);
        if (e == null) {
            throw new FileStoreException(FileStoreException.Reason.NOT_FOUND, "no file '" + path + "'");
        }
        return e;
    }

    private static StoredFile stored(String path, Entry e) {
        return new StoredFile(path, e.content().length, e.content().length, Instant.EPOCH, e.options().compression(),
                e.options().encrypt() ? "test-key" : null);
    }
}
