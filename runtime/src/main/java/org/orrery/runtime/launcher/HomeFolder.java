package org.orrery.runtime.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * The runtime's home: {@code ORRERY_HOME}, or {@code orrery-home} under the current folder.
 * Creates {@code etc/}, {@code deploy/}, {@code data/} and {@code logs/}, checks that each is
 * writable, locks the home so that two runtimes never share one, and makes everything in it
 * private to its owner (folders 0700, files 0600: {@link OwnerOnly}).
 */
final class HomeFolder implements AutoCloseable {

    static final String ENV = "ORRERY_HOME";
    static final String DEFAULT_NAME = "orrery-home";
    static final List<String> FOLDERS = List.of("etc", "deploy", "data", "logs");

    private final Path root;
    private final boolean fresh;
    private List<String> modeProblems = List.of();
    private FileChannel lockChannel;
    private FileLock lock;

    private HomeFolder(Path root, boolean fresh) {
        this.root = root;
        this.fresh = fresh;
    }

    /** The home named by the environment, relative paths taken from {@code workingDir}. */
    static Path locate(Map<String, String> environment, Path workingDir) {
        String named = environment.get(ENV);
        Path home = named == null || named.isBlank() ? workingDir.resolve(DEFAULT_NAME) : workingDir.resolve(named.trim());
        return home.toAbsolutePath().normalize();
    }

    /**
     * Creates what is missing, checks that everything is writable and takes the home's lock.
     *
     * @throws LaunchException naming the folder and the reason when the home is unusable
     */
    static HomeFolder open(Path root) throws LaunchException {
        boolean fresh = !Files.isDirectory(root.resolve("data"));
        for (String name : FOLDERS) {
            Path folder = root.resolve(name);
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new LaunchException("cannot create " + folder + " (" + describe(e)
                        + "): set " + ENV + " to a folder you can write to");
            }
            if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
                throw new LaunchException(folder + " is not a writable folder: set " + ENV
                        + " to a folder you can write to");
            }
        }
        HomeFolder home = new HomeFolder(root, fresh);
        home.lock();
        try {
            home.modeProblems = OwnerOnly.tighten(root);
        } catch (IOException e) {
            home.modeProblems = List.of("the modes of " + root + " cannot be set (" + describe(e) + ")");
        }
        return home;
    }

    private void lock() throws LaunchException {
        Path lockFile = root.resolve("data").resolve(".lock");
        try {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM: another runtime all the same
        } catch (IOException e) {
            closeQuietly();
            throw new LaunchException("cannot lock " + lockFile + " (" + describe(e) + ")");
        }
        if (lock == null) {
            closeQuietly();
            throw new LaunchException("another Orrery runtime is using the home folder " + root
                    + ": stop it first, or set " + ENV + " to another folder");
        }
    }

    /**
     * True when a running runtime (another process, or this one) holds the lock of the home at
     * {@code root}; a home without a lock file is not in use. Changes nothing.
     */
    static boolean inUse(Path root) throws LaunchException {
        Path lockFile = root.resolve("data").resolve(".lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            throw new LaunchException("cannot see whether " + lockFile + " is locked (" + describe(e) + ")");
        }
    }

    /** Files and folders of the home that could not be made private to their owner (for the log). */
    List<String> modeProblems() {
        return modeProblems;
    }

    Path root() {
        return root;
    }

    /** True when this start created the home's data folder (nothing was installed before). */
    boolean fresh() {
        return fresh;
    }

    Path etc() {
        return root.resolve("etc");
    }

    Path deploy() {
        return root.resolve("deploy");
    }

    Path data() {
        return root.resolve("data");
    }

    Path logs() {
        return root.resolve("logs");
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }

    static String describe(Exception e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }
}
