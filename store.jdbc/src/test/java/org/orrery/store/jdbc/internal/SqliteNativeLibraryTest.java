package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNativeLibraryTest {

    @TempDir
    Path folder;
    private String path;
    private String name;

    @BeforeEach
    void clear() {
        path = System.clearProperty(SqliteNativeLibrary.LIB_PATH);
        name = System.clearProperty(SqliteNativeLibrary.LIB_NAME);
    }

    @AfterEach
    void restore() {
        restore(SqliteNativeLibrary.LIB_PATH, path);
        restore(SqliteNativeLibrary.LIB_NAME, name);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void theLibraryIsUnpackedOnceAndTheDriverPointedAtIt() throws Exception {
        Path library = SqliteNativeLibrary.useFrom(folder);
        assertNotNull(library, "this platform's library is in the driver's jar");
        assertTrue(Files.size(library) > 100_000, "the whole library: " + Files.size(library) + " bytes");
        assertEquals(library.getParent().toString(), System.getProperty(SqliteNativeLibrary.LIB_PATH));
        assertEquals(library.getFileName().toString(), System.getProperty(SqliteNativeLibrary.LIB_NAME));

        // the next start finds it and writes nothing
        FileTime marked = FileTime.fromMillis(0);
        Files.setLastModifiedTime(library, marked);
        System.clearProperty(SqliteNativeLibrary.LIB_PATH);
        assertEquals(library, SqliteNativeLibrary.useFrom(folder));
        assertEquals(marked, Files.getLastModifiedTime(library));
        try (var files = Files.list(library.getParent())) {
            assertEquals(1, files.count(), "no part file is left");
        }
    }

    @Test
    void anOperatorsLibraryPathIsLeftAlone() {
        System.setProperty(SqliteNativeLibrary.LIB_PATH, "/opt/sqlite");
        assertNull(SqliteNativeLibrary.useFrom(folder));
        assertEquals("/opt/sqlite", System.getProperty(SqliteNativeLibrary.LIB_PATH));
        assertNull(System.getProperty(SqliteNativeLibrary.LIB_NAME));
    }
}
