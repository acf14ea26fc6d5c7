package org.orrery.devices.common.image;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Image files that only their owner can read, written so that none ever replaces another: a
 * folder is {@code rwx------} and a file {@code rw-------} whatever the umask, a file is written
 * as a hidden {@code .part} beside its name and then linked to the name only if that name is
 * free (create-new), so a reader never sees half a file and a frame is never overwritten.
 */
final class PrivateFiles {

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates {@code folder} (and what is missing above it) and makes it and {@code images} private. */
    static void folder(Path images, Path folder) throws IOException {
        Files.createDirectories(folder);
        restrict(images.toAbsolutePath().normalize(), FOLDER);
        for (Path f = folder.toAbsolutePath().normalize(); f != null && f.startsWith(images.toAbsolutePath().normalize())
                && !f.equals(images.toAbsolutePath().normalize()); f = f.getParent()) {
            restrict(f, FOLDER);
        }
    }

    /** A new, empty, private part file in {@code folder}, hidden (its name starts with '.'). */
    static Path part(Path folder) throws IOException {
        Path part = Files.createTempFile(folder, ".orrery-", ".part");
        restrict(part, FILE); // created 0600 already; the umask can only take bits away
        return part;
    }

    /**
     * Gives {@code part}'s contents the name {@code target} if no file has it; false when one has.
     * The part stays (the caller deletes it).
     */
    static boolean publish(Path part, Path target) throws IOException {
        try {
            Files.createLink(target, part); // atomic, and fails on an existing name
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(target)) {
                return false;
            }
            // no hard links here: a copy that refuses an existing name (not atomic against a reader)
            try {
                Files.copy(part, target);
                restrict(target, FILE);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view != null && !view.readAttributes().permissions().equals(permissions)) {
            view.setPermissions(permissions);
        }
    }
}
