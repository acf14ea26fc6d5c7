package org.orrery.store.files.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.orrery.files.FileStoreException;
import org.orrery.files.FileStoreException.Reason;
import org.orrery.files.WriteOptions;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For any path, generated from the characters that make trouble (separators, dots, controls,
 * lookalikes, drive colons, any Unicode): a write is refused with BAD_PATH, or it lands under the
 * root. Nothing ever appears outside.
 */
class PathPropertiesTest {

    static Path home;
    static LocalFileStore store;

    @BeforeContainer
    static void open() throws IOException {
        home = Files.createTempDirectory("path-properties");
        store = new LocalFileStore(home.resolve("root/files"), KeyRing.empty(), 0);
    }

    @AfterContainer
    static void close() throws IOException {
        try (var all = Files.walk(home)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of("..", ".", "a", "b", "c.txt")),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("CON", "nul.txt", ".orrery-tmp-x", "e\u0301", " a", "a.", "C:", "%2e%2e",
                        "\uFF0E\uFF0E", "a\u0000", "\u202E", "..\\..", "", "~")),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMinLength(1).ofMaxLength(4)));
        Arbitrary<String> separator = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.just("/")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("\\", "//", "\u2215")));
        return Arbitraries.lazy(() -> segment.list().ofMinSize(1).ofMaxSize(5)).flatMap(parts -> separator.list()
                .ofSize(parts.size()).map(seps -> {
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < parts.size(); i++) {
                        b.append(i == 0 ? (seps.get(0).equals("/") ? "" : seps.get(0).equals("//") ? "/" : "") : seps.get(i));
                        b.append(parts.get(i));
                    }
                    return b.toString();
                }));
    }

    @Property(tries = 2000)
    void aPathIsRefusedOrStaysUnderTheRoot(@ForAll("paths") String path) throws IOException {
        try {
            store.write(path, new byte[] {1}, WriteOptions.PLAIN);
        } catch (FileStoreException e) {
            if (e.reason() != Reason.BAD_PATH) {
                // another file is in the way (a folder written earlier with the same name): still under the root
                if (e.reason() != Reason.IO && e.reason() != Reason.EXISTS) {
                    throw new AssertionError(path + ": " + e.reason(), e);
                }
            }
            assertNothingOutside();
            return;
        }
        Path file = store.root().resolve(path);
        if (!file.toRealPath().startsWith(store.root())) {
            throw new AssertionError("'" + path + "' was written outside the root: " + file.toRealPath());
        }
        assertNothingOutside();
    }

    private static void assertNothingOutside() throws IOException {
        try (var top = Files.list(home); var middle = Files.list(home.resolve("root"))) {
            if (top.count() != 1 || middle.count() != 1) {
                throw new AssertionError("something appeared beside the root");
            }
        }
    }
}
