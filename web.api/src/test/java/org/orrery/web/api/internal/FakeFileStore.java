package org.orrery.web.api.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.orrery.files.FilePage;
import org.orrery.files.FileStore;
import org.orrery.files.FileStoreException;
import org.orrery.files.FileStoreMetrics;
import org.orrery.files.StoredFile;
import org.orrery.files.WriteOptions;

/**
 * A file store in memory for the servlet's tests: paths with "..", a leading '/', a backslash or a
 * NUL are BAD_PATH; a file can be marked tampered (open fails) or broken (its stream fails after
 * the first bytes, as a chunk that fails authentication would).
 */
final class FakeFileStore implements FileStore {

    static final Instant WRITTEN = Instant.parse("2026-12-05T20:15:30Z");

    private final Map<String, byte[]> contents = new TreeMap<>();
    private final Map<String, StoredFile> files = new TreeMap<>();
    final List<String> tampered = new ArrayList<>();
    final List<String> failingLater = new ArrayList<>();

    @Override
    public StoredFile write(String path, InputStream data, WriteOptions options) throws FileStoreException {
        try {
            return write(path, data.readAllBytes(), options);
        } catch (IOException e) {
            throw new FileStoreException(FileStoreException.Reason.IO, e.getMessage(), e);
        }
    }

    @Override
    public StoredFile write(String path, byte[] data, WriteOptions options) throws FileStoreException {
        check(path);
        StoredFile f = new StoredFile(path, data.length, data.length / 2 + 40, WRITTEN, options.compression(),
                options.encrypt() ? "k1" : null);
        contents.put(path, data.clone());
        files.put(path, f);
        return f;
    }

    @Override
    public byte[] read(String path, boolean useCache) throws FileStoreException {
        return content(path).clone();
    }

    @Override
    public InputStream open(String path) throws FileStoreException {
        byte[] data = content(path);
        if (tampered.contains(path)) {
            throw new FileStoreException(FileStoreException.Reason.TAMPERED, "authentication failed");
        }
        if (failingLater.contains(path)) {
            return new InputStream() {
                private int left = 1;

                @Override
                public int read() throws IOException {
                    if (left-- > 0) {
                        return data[0];
                    }
                    throw new IOException(new FileStoreException(FileStoreException.Reason.TAMPERED, "chunk 2 failed"));
                }
            };
        }
        return new ByteArrayInputStream(data);
    }

    @Override
    public Optional<StoredFile> stat(String path) throws FileStoreException {
        check(path);
        return Optional.ofNullable(files.get(path));
    }

    @Override
    public boolean delete(String path) throws FileStoreException {
        throw new UnsupportedOperationException("the REST API never deletes");
    }

    @Override
    public FilePage list(String folder, boolean recursive, int offset, int limit) throws FileStoreException {
        if (!folder.isEmpty()) {
            check(folder);
        }
        String prefix = folder.isEmpty() ? "" : folder + "/";
        List<StoredFile> all = files.values().stream().filter(f -> f.path().startsWith(prefix)
                && (recursive || f.path().indexOf('/', prefix.length()) < 0)).toList();
        List<StoredFile> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
        return new FilePage(page, offset, all.size());
    }

    @Override
    public FileStoreMetrics metrics() {
        return new FileStoreMetrics(0, 0, 0, 0, 0, 0, 0, 0);
    }

    private byte[] content(String path) throws FileStoreException {
        check(path);
        byte[] data = contents.get(path);
        if (data == null) {
            throw new FileStoreException(FileStoreException.Reason.NOT_FOUND, "no file '" + path + "'");
        }
        return data;
    }

    private static void check(String path) throws FileStoreException {
        if (path.startsWith("/") || path.contains("\\") || path.indexOf(0) >= 0 || List.of(path.split("/")).contains("..")) {
            throw new FileStoreException(FileStoreException.Reason.BAD_PATH, "'..', absolute paths, backslashes and NUL"
                    + " are refused");
        }
    }
}
