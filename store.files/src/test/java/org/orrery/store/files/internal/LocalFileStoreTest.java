package org.orrery.store.files.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orrery.files.Compression;
import org.orrery.files.FilePage;
import org.orrery.files.FileStoreException;
import org.orrery.files.FileStoreException.Reason;
import org.orrery.files.StoredFile;
import org.orrery.files.WriteOptions;

class LocalFileStoreTest {

    static final String KEY_1 = Base64.getEncoder().encodeToString(bytes(32, 1));
    static final String KEY_2 = Base64.getEncoder().encodeToString(bytes(32, 2));

    @TempDir
    Path home;
    LocalFileStore store;

    @BeforeEach
    void open() throws IOException {
        store = new LocalFileStore(home.resolve("files"), KeyRing.load(null, KEY_1, "k1"), 1 << 20);
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Half random, half repeated text: compressible, but not trivially. */
    static byte[] content(int n) {
        byte[] b = new byte[n];
        byte[] text = "the quick brown fox jumps over the lazy dog ".getBytes(StandardCharsets.US_ASCII);
        Random r = new Random(n);
        for (int i = 0; i < n; i++) {
            b[i] = i % 2 == 0 ? text[i % text.length] : (byte) r.nextInt(4);
        }
        return b;
    }

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (Compression c : Compression.values()) {
            for (boolean encrypt : new boolean[] {false, true}) {
                for (boolean overwrite : new boolean[] {false, true}) {
                    for (boolean cache : new boolean[] {false, true}) {
                        for (int size : new int[] {0, 1, 1000, GcmChunks.CHUNK, 3 * GcmChunks.CHUNK + 17}) {
                            all.add(Arguments.of(c, encrypt, overwrite, cache, size));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} encrypt={1} overwrite={2} cache={3} size={4}")
    @MethodSource("combinations")
    void everyOperationWithEveryOption(Compression c, boolean encrypt, boolean overwrite, boolean cache, int size)
            throws Exception {
        WriteOptions options = new WriteOptions(c, encrypt, overwrite);
        byte[] data = content(size);
        StoredFile written = store.write("d/f.bin", data, options);
        assertEquals(size, written.size());
        assertEquals(c, written.compression());
        assertEquals(encrypt ? "k1" : null, written.keyId());

        assertArrayEquals(data, store.read("d/f.bin", cache));
        assertArrayEquals(data, store.read("d/f.bin", cache), "a second read (from the cache when asked)");
        try (InputStream in = store.open("d/f.bin")) {
            assertArrayEquals(data, in.readAllBytes());
        }
        StoredFile stat = store.stat("d/f.bin").orElseThrow();
        assertEquals(written.size(), stat.size());
        assertEquals(written.storedSize(), stat.storedSize());
        assertEquals(encrypt, stat.encrypted());

        byte[] other = content(size + 5);
        if (overwrite) {
            store.write("d/f.bin", new ByteArrayInputStream(other), options);
            assertArrayEquals(other, store.read("d/f.bin", cache), "the new content, never the cached old one");
        } else {
            FileStoreException e = assertThrows(FileStoreException.class, () -> store.write("d/f.bin", other, options));
            assertEquals(Reason.EXISTS, e.reason());
            assertArrayEquals(data, store.read("d/f.bin", cache));
        }
        FilePage page = store.list("d", false, 0, 10);
        assertEquals(1, page.total());
        assertEquals("d/f.bin", page.files().get(0).path());
        assertEquals(c, page.files().get(0).compression());
        assertEquals(encrypt, page.files().get(0).encrypted());

        assertTrue(store.delete("d/f.bin"));
        assertFalse(store.delete("d/f.bin"));
        assertEquals(Reason.NOT_FOUND, assertThrows(FileStoreException.class, () -> store.read("d/f.bin", cache)).reason());
        assertTrue(store.stat("d/f.bin").isEmpty());
        try (Stream<Path> left = Files.list(store.root().resolve("d"))) {
            assertEquals(0, left.count(), "no temporary file is left");
        }
    }

    @Test
    void compressionMakesRepetitiveContentSmallerOnDisk() throws Exception {
        byte[] data = "abc".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        long plain = store.write("p", data, WriteOptions.PLAIN).storedSize();
        long gzip = store.write("g", data, new WriteOptions(Compression.GZIP, false, true)).storedSize();
        long zstd = store.write("z", data, new WriteOptions(Compression.ZSTD, true, true)).storedSize();
        assertTrue(gzip < plain / 50, gzip + " vs " + plain);
        assertTrue(zstd < plain / 50, zstd + " vs " + plain);
        assertArrayEquals(data, store.read("z", false));
    }

    @Test
    void encryptedFilesDoNotHoldThePlainText() throws Exception {
        store.write("secret.txt", "the launch code is 0000".getBytes(StandardCharsets.UTF_8), new WriteOptions(Compression.NONE, true, true));
        String onDisk = new String(Files.readAllBytes(store.root().resolve("secret.txt")), StandardCharsets.ISO_8859_1);
        assertFalse(onDisk.contains("launch"));
    }

    @Test
    void encryptionWithoutAKeyIsNoKey() throws Exception {
        LocalFileStore keyless = new LocalFileStore(home.resolve("other"), KeyRing.empty(), 0);
        FileStoreException e = assertThrows(FileStoreException.class,
                () -> keyless.write("a", new byte[] {1}, new WriteOptions(Compression.NONE, true, true)));
        assertEquals(Reason.NO_KEY, e.reason());
        store.write("enc", new byte[] {1}, new WriteOptions(Compression.NONE, true, true));
        Files.copy(store.root().resolve("enc"), keyless.root().resolve("enc"));
        assertEquals(Reason.NO_KEY, assertThrows(FileStoreException.class, () -> keyless.read("enc", false)).reason());
    }

    @Test
    void keyRotationKeepsOldFilesReadable() throws Exception {
        Path keys = Files.createDirectories(home.resolve("etc/files-keys"));
        writeKey(keys.resolve("k1.key"), KEY_1);
        LocalFileStore first = new LocalFileStore(home.resolve("rot"), KeyRing.load(keys, null, "k1"), 0);
        first.write("old", "old".getBytes(StandardCharsets.UTF_8), new WriteOptions(Compression.GZIP, true, true));

        writeKey(keys.resolve("k2.key"), KEY_2);
        LocalFileStore second = new LocalFileStore(home.resolve("rot"), KeyRing.load(keys, null, "k2"), 0);
        StoredFile fresh = second.write("new", "new".getBytes(StandardCharsets.UTF_8), new WriteOptions(Compression.NONE, true, true));
        assertEquals("k2", fresh.keyId());
        assertEquals("k1", second.stat("old").orElseThrow().keyId());
        assertEquals("old", new String(second.read("old", false), StandardCharsets.UTF_8));
        assertEquals("new", new String(second.read("new", false), StandardCharsets.UTF_8));

        Files.delete(keys.resolve("k1.key"));
        LocalFileStore third = new LocalFileStore(home.resolve("rot"), KeyRing.load(keys, null, "k2"), 0);
        assertEquals(Reason.NO_KEY, assertThrows(FileStoreException.class, () -> third.read("old", false)).reason());
    }

    private static void writeKey(Path file, String key) throws IOException {
        Files.writeString(file, key + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aKeyFileReadableByOthersIsRefused() throws Exception {
        Path keys = Files.createDirectories(home.resolve("etc/files-keys"));
        Files.writeString(keys.resolve("k1.key"), KEY_1);
        Files.setPosixFilePermissions(keys.resolve("k1.key"), PosixFilePermissions.fromString("rw-r-----"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyRing.load(keys, null, "k1"));
        assertTrue(e.getMessage().contains("owner only"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY_1));
    }

    @Test
    void malformedKeysAreRefusedWithoutShowingThem() {
        String shortKey = Base64.getEncoder().encodeToString(bytes(16, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyRing.load(null, shortKey, "k"));
        assertFalse(e.getMessage().contains(shortKey));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.load(null, "not base64!", "k"));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.load(null, KEY_1, ""));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.load(null, null, "missing"));
    }

    static Stream<Arguments> tamperable() {
        return Stream.of(Arguments.of(Compression.NONE, 10), Arguments.of(Compression.NONE, 200_000),
                Arguments.of(Compression.GZIP, 200_000), Arguments.of(Compression.ZSTD, 200_000));
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("tamperable")
    void aChangedByteOfAnEncryptedFileIsTampered(Compression c, int size) throws Exception {
        byte[] data = content(size);
        store.write("t", data, new WriteOptions(c, true, true));
        Path file = store.root().resolve("t");
        byte[] stored = Files.readAllBytes(file);
        FileHeader header;
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            header = StoredForm.of(channel).header();
        }
        // a changed magic makes the file no longer one of the store's: served as the plain bytes it is, never decrypted
        byte[] noMagic = stored.clone();
        noMagic[0] ^= 0x01;
        Files.write(file, noMagic);
        assertArrayEquals(noMagic, store.read("t", false));
        assertFalse(store.stat("t").orElseThrow().encrypted());
        for (int at : new int[] {4, 5, header.length() - 1, header.length() + 3, stored.length / 2, stored.length - 1}) {
            byte[] changed = stored.clone();
            changed[at] ^= 0x01;
            Files.write(file, changed);
            FileStoreException e = assertThrows(FileStoreException.class, () -> store.read("t", false), "byte " + at);
            assertEquals(Reason.TAMPERED, e.reason(), "byte " + at + ": " + e.getMessage());
            assertEquals(Reason.TAMPERED, assertThrows(FileStoreException.class, () -> store.open("t")).reason());
        }
        // the size field (not in the header's authenticated part) is authenticated by the last chunk
        byte[] changed = stored.clone();
        changed[FileHeader.SIZE_OFFSET + 7] ^= 0x01;
        Files.write(file, changed);
        assertEquals(Reason.TAMPERED, assertThrows(FileStoreException.class, () -> store.read("t", false)).reason());
        // cut at a chunk boundary: the new last chunk was not sealed as the last
        if (stored.length > header.length() + GcmChunks.CHUNK + GcmChunks.TAG_BYTES) {
            Files.write(file, java.util.Arrays.copyOf(stored, header.length() + GcmChunks.CHUNK + GcmChunks.TAG_BYTES));
            assertEquals(Reason.TAMPERED, assertThrows(FileStoreException.class, () -> store.read("t", false)).reason());
        }
        Files.write(file, stored);
        assertArrayEquals(data, store.read("t", false));
    }

    @Test
    void aWrongKeyIsTampered() throws Exception {
        store.write("t", content(1000), new WriteOptions(Compression.NONE, true, true));
        LocalFileStore other = new LocalFileStore(home.resolve("files"), KeyRing.load(null, KEY_2, "k1"), 0);
        assertEquals(Reason.TAMPERED, assertThrows(FileStoreException.class, () -> other.read("t", false)).reason());
    }

    @Test
    void aFilePutThereByHandIsServedAsWhatItIs() throws Exception {
        byte[] text = content(5000);
        Files.write(store.root().resolve("foreign.txt"), text);
        assertArrayEquals(text, store.read("foreign.txt", false));
        StoredFile plain = store.stat("foreign.txt").orElseThrow();
        assertEquals(5000, plain.size());
        assertEquals(Compression.NONE, plain.compression());

        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(text);
        }
        Files.write(store.root().resolve("foreign.txt.gz"), gz.toByteArray());
        assertArrayEquals(text, store.read("foreign.txt.gz", false));
        try (InputStream in = store.open("foreign.txt.gz")) {
            assertArrayEquals(text, in.readAllBytes());
        }
        StoredFile g = store.stat("foreign.txt.gz").orElseThrow();
        assertEquals(Compression.GZIP, g.compression());
        assertEquals(5000, g.size(), "gzip's ISIZE trailer");
        assertFalse(g.encrypted());
    }

    @Test
    void aBrokenStoreHeaderIsTamperedAndListedWithSizeMinusOne() throws Exception {
        Files.writeString(store.root().resolve("odd"), "ORFS but no header");
        assertEquals(Reason.TAMPERED, assertThrows(FileStoreException.class, () -> store.read("odd", false)).reason());
        assertEquals(-1, store.stat("odd").orElseThrow().size());
    }

    static Stream<Arguments> magicStarts() {
        return Stream.of(Arguments.of((Object) new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2}),
                Arguments.of((Object) new byte[] {0x1f, (byte) 0x8b}),
                Arguments.of((Object) new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 9}),
                Arguments.of((Object) "ORFS\u0001 looks like a header".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @MethodSource("magicStarts")
    void plainContentThatBeginsWithAMagicReadsBackUnchanged(byte[] data) throws Exception {
        store.write("m", data, WriteOptions.PLAIN);
        assertArrayEquals(data, store.read("m", false));
        try (InputStream in = store.open("m")) {
            assertArrayEquals(data, in.readAllBytes());
        }
        StoredFile f = store.stat("m").orElseThrow();
        assertEquals(data.length, f.size());
        assertEquals(Compression.NONE, f.compression());
        byte[] disk = Files.readAllBytes(store.root().resolve("m"));
        assertEquals("ORFS", new String(disk, 0, 4, StandardCharsets.US_ASCII), "kept behind a store header");
    }

    @Test
    void plainContentIsStoredExactlyAsItIs() throws Exception {
        byte[] data = content(100_000);
        StoredFile f = store.write("p.bin", data, WriteOptions.PLAIN);
        assertArrayEquals(data, Files.readAllBytes(store.root().resolve("p.bin")));
        assertEquals(data.length, f.storedSize());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void compressedFilesAreStandardStreamsThatTheCommandLineToolsDecode(Compression c) throws Exception {
        String tool = c == Compression.GZIP ? "gzip" : "zstd";
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin", tool)), tool + " is installed");
        byte[] data = content(3 * GcmChunks.CHUNK + 17);
        store.write("s.bin", data, new WriteOptions(c, false, true));
        Path file = store.root().resolve("s.bin");
        Process p = new ProcessBuilder(tool, "-d", "-c", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] decoded = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), tool + " -d accepts it");
        assertArrayEquals(data, decoded);
    }

    @Test
    void zstdSizeComesFromTheFrameHeaderWhenItHasOne() {
        // single segment, 1-byte content size 200
        assertEquals(200, StoredForm.zstdContentSize(java.nio.ByteBuffer.wrap(new byte[] {0x28, (byte) 0xb5, 0x2f,
                (byte) 0xfd, 0x20, (byte) 200})));
        // 2-byte field: value + 256; window descriptor before it
        assertEquals(256 + 0x0102, StoredForm.zstdContentSize(java.nio.ByteBuffer.wrap(new byte[] {0x28, (byte) 0xb5,
                0x2f, (byte) 0xfd, 0x40, 0x00, 0x02, 0x01})));
        // no content size field
        assertEquals(-1, StoredForm.zstdContentSize(java.nio.ByteBuffer.wrap(new byte[] {0x28, (byte) 0xb5, 0x2f,
                (byte) 0xfd, 0x00, 0x00})));
    }

    @Test
    void theCacheCountsHitsAndMissesAndIsInvalidatedByWritesAndDeletes() throws Exception {
        store.write("c", "one".getBytes(StandardCharsets.UTF_8), WriteOptions.PLAIN);
        store.read("c", true);
        store.read("c", true);
        assertEquals(1, store.metrics().cacheHits());
        assertEquals(1, store.metrics().cacheMisses());
        assertEquals(3, store.metrics().cacheBytes());
        store.write("c", "two!".getBytes(StandardCharsets.UTF_8), WriteOptions.PLAIN);
        assertEquals(0, store.metrics().cacheBytes(), "a write drops the cached content");
        assertEquals("two!", new String(store.read("c", true), StandardCharsets.UTF_8));
        assertEquals(2, store.metrics().cacheMisses());
        store.delete("c");
        assertEquals(0, store.metrics().cacheBytes(), "a delete drops it");
        assertEquals(Reason.NOT_FOUND, assertThrows(FileStoreException.class, () -> store.read("c", true)).reason());
    }

    @Test
    void theCacheIsBoundedByBytesAndDropsTheLeastRecentlyUsed() throws Exception {
        LocalFileStore small = new LocalFileStore(home.resolve("small"), KeyRing.empty(), 4000);
        for (String name : new String[] {"a", "b", "c", "d"}) {
            small.write(name, new byte[1000], WriteOptions.PLAIN);
            small.read(name, true);
        }
        assertEquals(4000, small.metrics().cacheBytes());
        small.read("a", true); // a hit: a is now the most recent
        small.write("e", new byte[1000], WriteOptions.PLAIN);
        small.read("e", true); // b goes
        assertEquals(4000, small.metrics().cacheBytes());
        long hits = small.metrics().cacheHits();
        small.read("a", true);
        assertEquals(hits + 1, small.metrics().cacheHits());
        small.read("b", true);
        assertEquals(hits + 1, small.metrics().cacheHits(), "b was dropped");
        assertNull(new ReadCache(0).get("x", null));
    }

    @Test
    void aFileChangedBehindTheStoresBackIsNotServedFromTheCache() throws Exception {
        store.write("c", "one".getBytes(StandardCharsets.UTF_8), WriteOptions.PLAIN);
        store.read("c", true);
        Path other = home.resolve("other");
        LocalFileStore second = new LocalFileStore(other, KeyRing.empty(), 0);
        second.write("c", "other".getBytes(StandardCharsets.UTF_8), WriteOptions.PLAIN);
        Files.move(other.resolve("c"), store.root().resolve("c"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("other", new String(store.read("c", true), StandardCharsets.UTF_8));
    }

    @Test
    void listingIsSortedPagedAndOptionallyRecursive() throws Exception {
        for (String p : new String[] {"b.txt", "a.txt", "sub/c.txt", "sub/deeper/d.txt", "z/e.txt"}) {
            store.write(p, p.getBytes(StandardCharsets.UTF_8), WriteOptions.PLAIN);
        }
        Files.writeString(store.root().resolve(FilePaths.TEMP_PREFIX + "left"), "half");
        FilePage top = store.list("", false, 0, 10);
        assertEquals(List.of("a.txt", "b.txt"), top.files().stream().map(StoredFile::path).toList());
        FilePage all = store.list("", true, 1, 2);
        assertEquals(5, all.total());
        assertEquals(List.of("b.txt", "sub/c.txt"), all.files().stream().map(StoredFile::path).toList());
        assertTrue(all.hasMore());
        assertEquals(List.of("sub/c.txt", "sub/deeper/d.txt"),
                store.list("sub/", true, 0, 10).files().stream().map(StoredFile::path).toList());
        assertEquals(Reason.NOT_FOUND, assertThrows(FileStoreException.class, () -> store.list("nope", true, 0, 1)).reason());
        assertEquals(5, store.list("", true, 0, 10).files().get(0).size(), "the size of a.txt as written");
    }

    @Test
    void temporaryFilesOfACrashAreRemovedAtStart() throws Exception {
        store.write("sub/x", new byte[] {1}, WriteOptions.PLAIN);
        Files.writeString(store.root().resolve("sub/" + FilePaths.TEMP_PREFIX + "1234"), "half a file");
        LocalFileStore again = new LocalFileStore(home.resolve("files"), KeyRing.empty(), 0);
        assertEquals(1, again.removedAtStart());
        try (Stream<Path> left = Files.list(again.root().resolve("sub"))) {
            assertEquals(List.of("x"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        store.write("w", "old".getBytes(StandardCharsets.UTF_8), WriteOptions.PLAIN);
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 100_000) {
                    throw new IOException("the source broke");
                }
                return 'x';
            }
        };
        for (Compression c : Compression.values()) {
            FileStoreException e = assertThrows(FileStoreException.class,
                    () -> store.write("w", failing, new WriteOptions(c, true, true)));
            assertEquals(Reason.IO, e.reason());
            assertEquals("old", new String(store.read("w", false), StandardCharsets.UTF_8));
        }
        try (Stream<Path> left = Files.list(store.root())) {
            assertEquals(List.of("w"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void filesAndFoldersArePrivateToTheOwner() throws Exception {
        store.write("night/frames/m31.fits", new byte[] {1}, WriteOptions.PLAIN);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root().resolve("night/frames/m31.fits"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root().resolve("night/frames"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root().resolve("night"))));
    }

    @Test
    void writingOverAFolderIsRefused() throws Exception {
        store.write("dir/x", new byte[] {1}, WriteOptions.PLAIN);
        assertEquals(Reason.BAD_PATH, assertThrows(FileStoreException.class,
                () -> store.write("dir", new byte[] {1}, WriteOptions.PLAIN)).reason());
        assertEquals(Reason.NOT_FOUND, assertThrows(FileStoreException.class, () -> store.read("dir", false)).reason());
    }

    @Test
    void metricsCountOperationsAndBytes() throws Exception {
        store.write("m", new byte[10], WriteOptions.PLAIN);
        store.read("m", false);
        try (InputStream in = store.open("m")) {
            in.readAllBytes();
        }
        store.delete("m");
        var m = store.metrics();
        assertEquals(1, m.writes());
        assertEquals(2, m.reads());
        assertEquals(1, m.deletes());
        assertEquals(10, m.bytesWritten());
        assertEquals(20, m.bytesRead());
    }
}
