package org.orrery.store.files.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import java.util.zip.ZipException;

import javax.crypto.SecretKey;

import org.orrery.files.Compression;
import org.orrery.files.FilePage;
import org.orrery.files.FileStore;
import org.orrery.files.FileStoreException;
import org.orrery.files.FileStoreException.Reason;
import org.orrery.files.FileStoreMetrics;
import org.orrery.files.StoredFile;
import org.orrery.files.WriteOptions;
import org.orrery.store.files.internal.FileHeader.BadFormatException;

/** The {@link FileStore} on the local disk. See the module README for the format and the guarantees. */
public final class LocalFileStore implements FileStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final FilePaths paths;
    private final KeyRing keys;
    private final ReadCache cache;
    private final int removedAtStart;
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder deletes = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();

    /** A store under {@code root} (created if missing); removes temporary files a crash left behind. */
    LocalFileStore(Path root, KeyRing keys, long cacheBytes) throws IOException {
        this.paths = new FilePaths(root);
        this.keys = keys;
        this.cache = new ReadCache(cacheBytes);
        this.removedAtStart = removeTemporaryFiles();
    }

    /**
     * A store outside OSGi (the bench module): {@code keyBase64} (base64 of 32 bytes) named
     * {@code keyId} is its current key, or no key when null.
     */
    public static LocalFileStore open(Path root, String keyBase64, String keyId, long cacheBytes) throws IOException {
        return new LocalFileStore(root, keyBase64 == null ? KeyRing.empty() : KeyRing.load(null, keyBase64, keyId), cacheBytes);
    }

    Path root() {
        return paths.root();
    }

    /** How many temporary files of an interrupted write were removed at start. */
    int removedAtStart() {
        return removedAtStart;
    }

    private int removeTemporaryFiles() throws IOException {
        int removed = 0;
        try (Stream<Path> all = Files.walk(paths.root())) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.getFileName().toString().startsWith(FilePaths.TEMP_PREFIX) && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return removed;
    }

    @Override
    public StoredFile write(String path, byte[] data, WriteOptions options) throws FileStoreException {
        return write(path, new ByteArrayInputStream(data), options);
    }

    @Override
    public StoredFile write(String path, InputStream data, WriteOptions options) throws FileStoreException {
        Path target = paths.resolve(path);
        String keyId = null;
        SecretKey key = null;
        byte[] nonce = null;
        if (options.encrypt()) {
            keyId = keys.currentId();
            if (keyId == null) {
                throw new FileStoreException(Reason.NO_KEY, "encryption was asked for '" + path
                        + "' but no key is configured (encryption_key and key_id, or a key file)");
            }
            key = keys.get(keyId);
            nonce = new byte[FileHeader.NONCE_LENGTH];
            RANDOM.nextBytes(nonce);
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw FilePaths.bad(path, "it is a folder");
        }
        if (!options.overwrite() && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw exists(path);
        }
        Path temp = null;
        try {
            paths.createFolders(target.getParent());
            paths.resolve(path); // again, now that the folders exist: no link on the way leads out
            temp = target.resolveSibling(FilePaths.TEMP_PREFIX + UUID.randomUUID());
            InputStream content = data;
            FileHeader header = null;
            if (keyId != null) {
                header = new FileHeader(options.compression(), -1, keyId, nonce);
            } else if (options.compression() == Compression.NONE) {
                // plain content is stored as is, unless it begins like a stored form: then with a header
                PushbackInputStream peek = new PushbackInputStream(data, StoredForm.MAGIC_LENGTH);
                byte[] first = peek.readNBytes(StoredForm.MAGIC_LENGTH);
                peek.unread(first);
                content = peek;
                if (StoredForm.needsHeader(first)) {
                    header = new FileHeader(Compression.NONE, -1, null, null);
                }
            }
            long size;
            try (FileChannel channel = FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), paths.privateFile())) {
                if (header != null) {
                    channel.write(ByteBuffer.wrap(header.bytes()));
                }
                size = ContentCodec.encode(channel, options.compression(), header, key, content);
                if (header != null) {
                    channel.write(ByteBuffer.allocate(8).putLong(0, size), FileHeader.SIZE_OFFSET);
                }
                channel.force(true);
            }
            publish(path, temp, target, options.overwrite());
            syncFolder(target.getParent());
            cache.remove(path);
            writes.increment();
            bytesWritten.add(size);
            return new StoredFile(path, size, Files.size(target), Files.getLastModifiedTime(target).toInstant(),
                    options.compression(), keyId);
        } catch (IOException e) {
            throw new FileStoreException(Reason.IO, "writing '" + path + "' failed: " + e, e);
        } finally {
            cache.remove(path);
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /** Makes the written temporary file the file at {@code target}, atomically. */
    private void publish(String path, Path temp, Path target, boolean overwrite) throws IOException, FileStoreException {
        if (overwrite) {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try {
            // a new name for the same inode: fails at once if the path exists, with no window
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw exists(path);
        } catch (UnsupportedOperationException | FileSystemException e) {
            // no hard links here: check and move under the store's lock (not safe against other writers)
            synchronized (this) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw exists(path);
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException notAtomic) {
                    Files.move(temp, target);
                }
            }
        }
    }

    private static FileStoreException exists(String path) {
        return new FileStoreException(Reason.EXISTS, "'" + path + "' exists and overwrite is false");
    }

    /** Makes a rename or delete in {@code folder} durable; some platforms (Windows) cannot, and need not. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not supported on this platform
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // removed at the next start
        }
    }

    @Override
    public byte[] read(String path, boolean useCache) throws FileStoreException {
        Path file = paths.resolve(path);
        boolean cached = useCache && cache.enabled();
        ReadCache.Stamp before = cached ? stamp(path, file) : null;
        if (cached) {
            byte[] hit = cache.get(path, before);
            if (hit != null) {
                hits.increment();
                count(hit.length);
                return hit.clone();
            }
            misses.increment();
        }
        byte[] content;
        try (FileChannel channel = open(path, file)) {
            StoredForm form = StoredForm.of(channel);
            content = WholeRead.of(channel, form, key(path, form));
        } catch (IOException | RuntimeException e) {
            throw failure(path, e);
        }
        if (cached && before.equals(stamp(path, file))) {
            cache.put(path, before, content.clone());
        }
        count(content.length);
        return content;
    }

    private void count(long bytes) {
        reads.increment();
        bytesRead.add(bytes);
    }

    @Override
    public InputStream open(String path) throws FileStoreException {
        Path file = paths.resolve(path);
        FileChannel channel = open(path, file);
        try {
            StoredForm form = StoredForm.of(channel);
            SecretKey key = key(path, form);
            if (key != null) {
                // authenticate every chunk before handing out the first byte, then read again
                try (InputStream check = new GcmChunks.Opening(Channels.newInputStream(channel), key, form.header())) {
                    check.transferTo(java.io.OutputStream.nullOutputStream());
                }
                channel = open(path, file);
                channel.position(form.offset());
            }
            reads.increment();
            return new Counting(ContentCodec.decode(Channels.newInputStream(channel), form, key), bytesRead);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw failure(path, e);
        } catch (FileStoreException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written
        }
    }

    private FileChannel open(String path, Path file) throws FileStoreException {
        try {
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(file.toString());
            }
            return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    private SecretKey key(String path, StoredForm form) throws FileStoreException {
        if (form.keyId() == null) {
            return null;
        }
        SecretKey key = keys.get(form.keyId());
        if (key == null) {
            throw new FileStoreException(Reason.NO_KEY, "'" + path + "' is encrypted with key '" + form.keyId()
                    + "', which this store does not have");
        }
        return key;
    }

    private static FileStoreException failure(String path, Exception e) {
        if (e instanceof NoSuchFileException) {
            return new FileStoreException(Reason.NOT_FOUND, "no file '" + path + "'", e);
        }
        if (e instanceof WholeRead.TooLargeException) {
            return new FileStoreException(Reason.IO, "'" + path + "': " + e.getMessage(), e);
        }
        if (e instanceof BadFormatException || e instanceof ZipException || e instanceof java.io.EOFException
                || e instanceof RuntimeException) {
            // a changed header, a failed authentication, a broken compressed stream (zstd throws unchecked)
            return new FileStoreException(Reason.TAMPERED, "'" + path + "' cannot be read back: " + e.getMessage(), e);
        }
        return new FileStoreException(Reason.IO, "reading '" + path + "' failed: " + e, e);
    }

    private ReadCache.Stamp stamp(String path, Path file) throws FileStoreException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new ReadCache.Stamp(a.fileKey(), a.lastModifiedTime().toMillis() * 1_000_000
                    + a.lastModifiedTime().toInstant().getNano() % 1_000_000, a.size());
        } catch (IOException e) {
            cache.remove(path);
            throw failure(path, e);
        }
    }

    @Override
    public Optional<StoredFile> stat(String path) throws FileStoreException {
        Path file = paths.resolve(path);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(describe(path, file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    /** The facts of a file from its attributes and first bytes; a file whose store header is broken has size -1. */
    private static StoredFile describe(String path, Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            StoredForm f = StoredForm.of(channel);
            return new StoredFile(path, f.size(), a.size(), a.lastModifiedTime().toInstant(), f.compression(), f.keyId());
        } catch (BadFormatException e) {
            return new StoredFile(path, -1, a.size(), a.lastModifiedTime().toInstant(), Compression.NONE, null);
        }
    }

    @Override
    public boolean delete(String path) throws FileStoreException {
        Path file = paths.resolve(path);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw FilePaths.bad(path, "it is a folder");
        }
        try {
            boolean deleted = Files.deleteIfExists(file);
            cache.remove(path);
            if (deleted) {
                syncFolder(file.getParent());
                deletes.increment();
            }
            return deleted;
        } catch (IOException e) {
            throw new FileStoreException(Reason.IO, "deleting '" + path + "' failed: " + e, e);
        }
    }

    @Override
    public FilePage list(String folder, boolean recursive, int offset, int limit) throws FileStoreException {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative, were " + offset + " and " + limit);
        }
        Path dir = paths.resolveFolder(folder);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileStoreException(Reason.NOT_FOUND, "no folder '" + folder + "'");
        }
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir, recursive ? Integer.MAX_VALUE : 1)) {
            files = all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().startsWith(FilePaths.TEMP_PREFIX))
                    .sorted((a, b) -> paths.relative(a).compareTo(paths.relative(b))).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new FileStoreException(Reason.IO, "listing '" + folder + "' failed: " + e, e);
        }
        List<StoredFile> page = new java.util.ArrayList<>();
        for (int i = offset; i < files.size() && page.size() < limit; i++) {
            Path p = files.get(i);
            try {
                page.add(describe(paths.relative(p), p));
            } catch (NoSuchFileException gone) {
                // deleted while listing
            } catch (IOException e) {
                throw new FileStoreException(Reason.IO, "listing '" + folder + "' failed: " + e, e);
            }
        }
        return new FilePage(page, offset, files.size());
    }

    @Override
    public FileStoreMetrics metrics() {
        return new FileStoreMetrics(reads.sum(), writes.sum(), deletes.sum(), hits.sum(), misses.sum(), cache.bytes(),
                bytesRead.sum(), bytesWritten.sum());
    }

    /** Counts what a stream returns into {@code bytes}. */
    private static final class Counting extends java.io.FilterInputStream {
        private final LongAdder bytes;

        Counting(InputStream in, LongAdder bytes) {
            super(in);
            this.bytes = bytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytes.increment();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                bytes.add(n);
            }
            return n;
        }
    }
}
