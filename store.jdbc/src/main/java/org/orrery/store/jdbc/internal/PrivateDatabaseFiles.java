package org.orrery.store.jdbc.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.orrery.task.TaskStoreException;

/**
 * Keeps a SQLite database readable by its owner only, whatever the umask: creates it empty with
 * mode 0600 when missing (SQLite takes an empty file for a new database, and gives its
 * {@code -wal} and {@code -shm} files the database's mode), and sets 0600 on the files of an
 * existing one.
 */
final class PrivateDatabaseFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PrivateDatabaseFiles() {
    }

    static void ownerOnly(Path database) throws TaskStoreException {
        try {
            if (!Files.getFileStore(database.getParent()).supportsFileAttributeView("posix")) {
                return;
            }
            if (!Files.exists(database)) {
                Files.createFile(database, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Path file = database.resolveSibling(database.getFileName() + suffix);
                if (Files.isRegularFile(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY);
                }
            }
        } catch (FileAlreadyExistsException e) {
            // created meanwhile by another opener: its mode is set the next time
        } catch (IOException e) {
            throw new TaskStoreException("task store " + database + ": cannot make it private to its owner: " + e, e);
        }
    }
}
