package org.orrery.store.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.orrery.files.FileStoreException;
import org.orrery.files.FileStoreException.Reason;
import org.orrery.files.WriteOptions;

/** The path rules: hostile paths are refused with BAD_PATH for every operation, and nothing appears outside the root. */
class FilePathsTest {

    @TempDir
    Path home;
    Path root;
    LocalFileStore store;

    @BeforeEach
    void open() throws IOException {
        root = home.resolve("files");
        store = new LocalFileStore(root, KeyRing.empty(), 1 << 20);
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("parent", ".."),
                Arguments.of("parent inside", "a/../../etc/passwd"),
                Arguments.of("parent at end", "a/.."),
                Arguments.of("dot", "."),
                Arguments.of("dot segment", "a/./b"),
                Arguments.of("absolute", "/etc/passwd"),
                Arguments.of("absolute double", "//server/share"),
                Arguments.of("backslash", "a\\b"),
                Arguments.of("backslash parent", "..\\..\\x"),
                Arguments.of("drive letter", "C:/Windows/win.ini"),
                Arguments.of("drive relative", "c:x"),
                Arguments.of("alternate stream", "a.txt:secret"),
                Arguments.of("NUL byte", "a\u0000b"),
                Arguments.of("NUL at end", "a.txt\u0000.png"),
                Arguments.of("newline", "a\nb"),
                Arguments.of("escape", "a\u001b[31m"),
                Arguments.of("DEL", "a\u007f"),
                Arguments.of("C1 control", "a\u0085b"),
                Arguments.of("bidi override", "a\u202Etxt.exe"),
                Arguments.of("zero width", "a\u200Bb"),
                Arguments.of("line separator", "a\u2028b"),
                Arguments.of("unpaired surrogate", "a\uD800b"),
                Arguments.of("replacement char (overlong UTF-8 decoded)", "a\uFFFDb"),
                Arguments.of("not NFC", "cafe\u0301"),
                Arguments.of("fullwidth solidus", "a\uFF0F..\uFF0Fb"),
                Arguments.of("division slash", "..\u2215x"),
                Arguments.of("fullwidth dot", "\uFF0E\uFF0E/x"),
                Arguments.of("CON", "CON"),
                Arguments.of("nul with extension", "a/nul.txt"),
                Arguments.of("COM1", "com1"),
                Arguments.of("LPT9 with extension", "LPT9.log"),
                Arguments.of("COM superscript", "COM\u00B9"),
                Arguments.of("trailing dot", "a./b"),
                Arguments.of("trailing space", "a/b "),
                Arguments.of("leading space", " a"),
                Arguments.of("empty segment", "a//b"),
                Arguments.of("trailing slash", "a/"),
                Arguments.of("wildcard", "a*"),
                Arguments.of("question mark", "a?"),
                Arguments.of("pipe", "a|b"),
                Arguments.of("quote", "a\"b"),
                Arguments.of("angle", "<a>"),
                Arguments.of("store temp name", ".orrery-tmp-1234"),
                Arguments.of("store temp name in folder", "a/.orrery-tmp-x"),
                Arguments.of("segment too long", "a".repeat(256)),
                Arguments.of("path too long", "a/".repeat(600) + "b"),
                Arguments.of("private use", "a\uE000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostilePathsAreRefusedByEveryOperation(String why, String path) throws IOException {
        assertBad(() -> store.write(path, "x".getBytes(StandardCharsets.UTF_8), WriteOptions.PLAIN));
        assertBad(() -> store.read(path, true));
        assertBad(() -> store.open(path));
        assertBad(() -> store.stat(path));
        assertBad(() -> store.delete(path));
        try (Stream<Path> all = Files.walk(home)) {
            assertEquals(2, all.count(), "nothing was created: " + why); // home and root
        }
    }

    @Test
    void theTableHasAtLeastThirtyPaths() {
        assertTrue(hostile().count() >= 30);
    }

    private static void assertBad(org.junit.jupiter.api.function.Executable call) {
        FileStoreException e = assertThrows(FileStoreException.class, call);
        assertEquals(Reason.BAD_PATH, e.reason(), e.getMessage());
        assertFalse(e.getMessage().contains("\u0000"), "the message shows control characters escaped");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "night/2026-12-05/m31_0001.fits", "%2e%2e/x", "..a", "a..b", ".hidden", "caf\u00e9",
        "\u6587\u4EF6", "emoji\uD83D\uDE00", "CONFIG", "com10"})
    void ordinaryPathsStayUnderTheRoot(String path) throws Exception {
        store.write(path, new byte[] {1, 2, 3}, WriteOptions.PLAIN);
        assertTrue(Files.isRegularFile(store.root().resolve(path)));
        assertTrue(store.root().resolve(path).toRealPath().startsWith(store.root()));
    }

    @Test
    void aSymbolicLinkLeadingOutIsRefused() throws Exception {
        Path outside = Files.createDirectories(home.resolve("outside"));
        Files.createSymbolicLink(store.root().resolve("out"), outside);
        assertBad(() -> store.write("out/x.txt", new byte[] {1}, WriteOptions.PLAIN));
        assertBad(() -> store.write("out/new/x.txt", new byte[] {1}, WriteOptions.PLAIN));
        Files.writeString(outside.resolve("secret"), "s");
        assertBad(() -> store.read("out/secret", false));
        assertBad(() -> store.list("out", false, 0, 10));
        try (Stream<Path> all = Files.list(outside)) {
            assertEquals(1, all.count());
        }
    }

    @Test
    void aSymbolicLinkAsTheFileIsRefused() throws Exception {
        Path outside = Files.writeString(home.resolve("secret.txt"), "s");
        Files.createSymbolicLink(store.root().resolve("link.txt"), outside);
        assertBad(() -> store.read("link.txt", false));
        assertBad(() -> store.write("link.txt", new byte[] {1}, WriteOptions.PLAIN));
        assertEquals("s", Files.readString(outside));
    }
}
