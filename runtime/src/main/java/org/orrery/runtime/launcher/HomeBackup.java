package org.orrery.runtime.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code orrery backup <file> [--with-data]}: an online, consistent copy of a home into a zip
 * archive (mode 0600), while the runtime may be running.
 *
 * <ul>
 * <li>{@code etc/} (configuration, the admin password file), {@code deploy/} (bundles added by
 * hand) and the files directly in {@code data/} (users, tokens): each of them is replaced
 * atomically by its writer, so a copy is always one whole version of it.
 * <li>The SQLite task database through SQLite's online backup API, in one step (a read
 * transaction: a snapshot, while the runtime goes on writing to its WAL), never by copying a file
 * in use. With PostgreSQL configured, the database is not in the archive: use {@code pg_dump}.
 * <li>Not: the framework cache {@code data/framework} (made again from {@code bundle/} and {@code
 * deploy/} at start), {@code data/tmp}, {@code logs/}; the folders below {@code data/} (frames
 * under {@code data/images}, stored files) only with {@code --with-data}: they can be far larger
 * than everything else.
 * </ul>
 * The archive is written as {@code <file>.partial} and renamed when complete.
 */
final class HomeBackup {

    static final String DESCRIPTION = "orrery-backup.properties";
    static final String DATABASE_ENTRY = "data/tasks.db";
    /** Files of data/ that belong to the running process, not to the home's content. */
    static final Set<String> NOT_BACKED_UP = Set.of(".lock", "runtime-bundles.properties",
            "runtime-bundles.properties.next");
    static final Set<String> NEVER_WITH_DATA = Set.of("framework", "tmp");

    private final Path home;
    private final BundleJars jars;
    private final PrintStream out;

    HomeBackup(Path home, BundleJars jars, PrintStream out) {
        this.home = home;
        this.jars = jars;
        this.out = out;
    }

    /** Writes the archive; returns the number of files in it (the database counted as one). */
    int write(Path archive, boolean withData) throws LaunchException, IOException {
        if (!Files.isDirectory(home.resolve("etc"))) {
            throw new LaunchException("there is no Orrery home at " + home + " (no etc/ folder): set "
                    + HomeFolder.ENV + " to the home to back up");
        }
        if (Files.exists(archive)) {
            throw new LaunchException(archive + " exists already: name a new file");
        }
        HomeFormat.Recorded format = HomeFormat.read(home.resolve("etc"));
        HomeDatabase database = HomeDatabase.of(home);
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        Path databaseCopy = archive.resolveSibling(archive.getFileName() + ".tasks-db.partial");
        Files.deleteIfExists(partial);
        Files.deleteIfExists(databaseCopy);
        int files = 0;
        try (OutputStream file = OwnerOnly.create(partial); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setLevel(Deflater.BEST_SPEED);
            Properties description = new Properties();
            description.setProperty("orrery.version", OrreryVersion.current());
            description.setProperty("home.format", Integer.toString(format.format()));
            description.setProperty("created", Instant.now().toString());
            description.setProperty("home", home.toString());
            description.setProperty("database", database.sqlite() ? "sqlite" : "postgresql");
            description.setProperty("with.data", Boolean.toString(withData));
            zip.putNextEntry(new ZipEntry(DESCRIPTION));
            description.store(zip, "Orrery backup");
            zip.closeEntry();
            for (Path path : filesToCopy(withData)) {
                zip.putNextEntry(new ZipEntry(home.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, zip);
                zip.closeEntry();
                files++;
            }
            if (database.sqlite() && database.exists()) {
                long started = System.nanoTime();
                copyDatabase(database, databaseCopy);
                long copied = System.nanoTime();
                zip.putNextEntry(new ZipEntry(DATABASE_ENTRY));
                Files.copy(databaseCopy, zip);
                zip.closeEntry();
                files++;
                out.printf("Task database %s (%d MB) copied through SQLite's backup API in %d ms, compressed into the"
                        + " archive in %d ms%n", database.file(), Files.size(databaseCopy) >> 20, (copied - started) / 1_000_000,
                        (System.nanoTime() - copied) / 1_000_000);
            } else if (!database.sqlite()) {
                out.println("The task database is PostgreSQL (" + database.describe() + "): it is not in this archive;"
                        + " back it up with pg_dump, e.g. pg_dump --format=custom --file=orrery.dump <database>");
            }
        } catch (IOException | LaunchException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        } finally {
            Files.deleteIfExists(databaseCopy);
        }
        Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
        return files;
    }

    /** The regular files of etc/, deploy/ and data/ that go into the archive as they are. */
    List<Path> filesToCopy(boolean withData) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("etc", "deploy")) {
            addTree(home.resolve(folder), files);
        }
        Path data = home.resolve("data");
        if (Files.isDirectory(data)) {
            try (Stream<Path> entries = Files.list(data)) {
                for (Path entry : entries.sorted().toList()) {
                    String name = entry.getFileName().toString();
                    if (Files.isRegularFile(entry) && !NOT_BACKED_UP.contains(name) && !isSqliteFile(name)) {
                        files.add(entry);
                    } else if (withData && Files.isDirectory(entry) && !NEVER_WITH_DATA.contains(name)) {
                        addTree(entry, files);
                    }
                }
            }
        }
        return files;
    }

    private static boolean isSqliteFile(String name) {
        return name.equals("tasks.db") || name.startsWith("tasks.db-");
    }

    private static void addTree(Path folder, List<Path> files) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(folder)) {
            tree.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".tmp")).sorted()
                    .forEach(files::add);
        }
    }

    /**
     * SQLite's online backup of the whole database in one step ({@code pagesPerStep} -1): a read
     * transaction, so the copy is one consistent state while the runtime keeps committing to its
     * WAL. (sqlite-jdbc's {@code backup to} statement copies 100 pages a step, and SQLite starts a
     * stepped backup again from the beginning whenever another process writes: under a steady
     * stream of submissions it would never end.)
     */
    void copyDatabase(HomeDatabase database, Path target) throws LaunchException, IOException {
        OwnerOnly.create(target).close(); // SQLite writes into it: private from the start
        try (Connection connection = database.open(jars)) {
            Object db = connection.getClass().getMethod("getDatabase").invoke(connection);
            Method backup = null;
            for (Method m : db.getClass().getMethods()) {
                if (m.getName().equals("backup") && m.getParameterCount() == 6) {
                    backup = m;
                }
            }
            if (backup == null) {
                throw new LaunchException("this sqlite-jdbc has no backup(dbName, file, observer, sleep, retries, pages)");
            }
            int rc = (int) backup.invoke(db, "main", target.toString(), null, 100, 100, -1);
            if (rc != 0 && rc != 101) {
                throw new LaunchException("SQLite's backup of " + database.file() + " failed with result code " + rc);
            }
        } catch (SQLException e) {
            throw new LaunchException("cannot read the task database " + database.file() + ": " + e.getMessage(), e);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new LaunchException("SQLite's backup of " + database.file() + " failed: " + cause.getMessage(), cause);
        }
    }
}
