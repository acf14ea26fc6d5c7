package org.orrery.store.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, unpacked once per driver version ({@code <folder>/<version>/}) and
 * loaded from there through the driver's {@value #LIB_PATH} and {@value #LIB_NAME}. Left to itself
 * the driver unpacks it at every start under a new name, reads it back byte by byte to check it
 * and runs a program to probe the platform: a tenth of a second of CPU at each start. A library
 * that does not load from there (a damaged file) makes the driver fall back to its own unpacking.
 */
final class SqliteNativeLibrary {

    static final String LIB_PATH = "org.sqlite.lib.path";
    static final String LIB_NAME = "org.sqlite.lib.name";

    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);

    private SqliteNativeLibrary() {
    }

    /**
     * Unpacks the library into {@code folder} unless it is there, and points the driver at it;
     * nothing when {@value #LIB_PATH} is set already (by an operator, or an earlier call).
     *
     * @return the library file used, or null when the driver is left to find its own
     */
    static synchronized Path useFrom(Path folder) {
        if (System.getProperty(LIB_PATH) != null) {
            return null;
        }
        String name = LibraryLoaderUtil.getNativeLibName();
        Path versioned = folder.resolve(SQLiteJDBCLoader.getVersion());
        Path library = versioned.resolve(name);
        try {
            if (!Files.isRegularFile(library)) {
                String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
                try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        return null; // no library for this platform in the jar: the driver searches further
                    }
                    Files.createDirectories(versioned);
                    Path part = Files.createTempFile(versioned, name, ".part");
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(part, library, StandardCopyOption.ATOMIC_MOVE);
                }
                LOG.debug("SQLite native library unpacked to {}", library);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("SQLite native library not kept in {} ({}); the driver unpacks its own", versioned, e.toString());
            return null;
        }
        System.setProperty(LIB_NAME, name);
        System.setProperty(LIB_PATH, versioned.toString());
        return library;
    }
}
