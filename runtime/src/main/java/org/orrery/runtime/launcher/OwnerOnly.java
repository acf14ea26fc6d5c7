package org.orrery.runtime.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps the home private to the user who runs Orrery, whatever the umask: folders
 * {@code rwx------} (0700), files {@code rw-------} (0600). Java cannot set the process's
 * umask, so the launcher sets the modes itself: the whole home at every start, and the log
 * files whenever they are opened. On a file system without POSIX permissions it does nothing.
 *
 * <p>The images folder ({@value #IMAGES}) is made 0700 but not walked: the bundles that write
 * frames create every file and folder in it private already, and a home collects tens of
 * thousands of frames, which would make every start slower the longer the observatory runs.
 */
final class OwnerOnly {

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** Below the home: the frames' folder, private already by its writers. */
    static final String IMAGES = "data/images";

    private OwnerOnly() {
    }

    /**
     * Sets 0700 on {@code root} and every folder below it, 0600 on every file; symbolic links are
     * left alone.
     *
     * @return what could not be changed (e.g. a file another user owns), for the log
     */
    static List<String> tighten(Path root) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!Files.getFileStore(root).supportsFileAttributeView("posix")) {
            return problems;
        }
        Path images = root.resolve(IMAGES);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                setOrNote(dir, FOLDER, problems);
                return dir.equals(images) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    setOrNote(file, FILE, problems);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // gone meanwhile (a rolled log, a temporary file)
            }
        });
        return problems;
    }

    /**
     * Creates {@code file} (which must not exist) readable by its owner only from the first byte, and
     * its missing folders 0700.
     */
    static OutputStream create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            Files.createDirectories(parent);
            restrictFolder(parent);
        }
        try {
            return Files.newOutputStream(Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE)));
        } catch (UnsupportedOperationException e) {
            return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    private static void restrictFolder(Path folder) {
        try {
            set(folder, FOLDER);
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions: nothing more can be done
        }
    }

    /** Sets 0600 on a file, if it exists and the file system has POSIX permissions. */
    static void restrict(Path file) {
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                set(file, FILE);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not ours to change, or no POSIX permissions: nothing more can be done
        }
    }

    private static void setOrNote(Path path, Set<PosixFilePermission> mode, List<String> problems) {
        try {
            set(path, mode);
        } catch (IOException e) {
            problems.add(path + " keeps its mode (" + HomeFolder.describe(e) + ")");
        }
    }

    private static void set(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(mode)) {
            Files.setPosixFilePermissions(path, mode);
        }
    }
}
