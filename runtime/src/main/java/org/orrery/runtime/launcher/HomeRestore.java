package org.orrery.runtime.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code orrery restore <file> [--force]}: a backup made by {@link HomeBackup} into a home that no
 * runtime uses. A home that holds anything is refused unless {@code --force}, which first empties
 * its {@code etc/}, {@code deploy/} and {@code data/} (logs stay). Every file is written 0600 and
 * every folder 0700, the modes every file of a home has ({@link OwnerOnly}); the task database goes
 * where the restored configuration puts it (by default {@code data/tasks.db}).
 */
final class HomeRestore {

    private final Path home;

    HomeRestore(Path home) {
        this.home = home;
    }

    /** Restores {@code archive}; returns what the backup says about itself. */
    Properties restore(Path archive, boolean force) throws LaunchException, IOException {
        if (!Files.isRegularFile(archive)) {
            throw new LaunchException(archive + " is not a file");
        }
        if (HomeFolder.inUse(home)) {
            throw new LaunchException("a running Orrery uses the home " + home + ": stop it first");
        }
        if (!force && !isEmpty(home)) {
            throw new LaunchException("the home " + home + " is not empty: restore into an empty or new folder (set "
                    + HomeFolder.ENV + "), or add --force to replace its etc/, deploy/ and data/");
        }
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Properties description = description(zip, archive);
            if (force) {
                for (String folder : HomeFolder.FOLDERS) {
                    if (!folder.equals("logs")) {
                        deleteContents(home.resolve(folder));
                    }
                }
            }
            try (HomeFolder opened = HomeFolder.open(home)) {
                ZipEntry database = null;
                for (ZipEntry entry : zip.stream().toList()) {
                    if (entry.isDirectory() || entry.getName().equals(HomeBackup.DESCRIPTION)) {
                        continue;
                    }
                    if (entry.getName().equals(HomeBackup.DATABASE_ENTRY)) {
                        database = entry; // after etc/: its configuration says where it goes
                        continue;
                    }
                    extract(zip, entry, inside(entry.getName()));
                }
                if (database != null) {
                    HomeDatabase target = HomeDatabase.of(home);
                    if (target.sqlite()) {
                        Files.deleteIfExists(target.file());
                        extract(zip, database, target.file());
                    }
                }
                OwnerOnly.tighten(home);
            }
            return description;
        }
    }

    private static Properties description(ZipFile zip, Path archive) throws IOException, LaunchException {
        ZipEntry entry = zip.getEntry(HomeBackup.DESCRIPTION);
        if (entry == null) {
            throw new LaunchException(archive + " is not an Orrery backup (it has no " + HomeBackup.DESCRIPTION + ")");
        }
        Properties description = new Properties();
        try (InputStream in = zip.getInputStream(entry)) {
            description.load(in);
        }
        int format;
        try {
            format = Integer.parseInt(description.getProperty("home.format", "1").trim());
        } catch (NumberFormatException e) {
            throw new LaunchException(archive + ": home.format is not a number");
        }
        if (format > HomeFormat.CURRENT) {
            throw new LaunchException(archive + " holds a home of format " + format + " (Orrery "
                    + description.getProperty("orrery.version") + "), but this Orrery " + OrreryVersion.current()
                    + " knows formats up to " + HomeFormat.CURRENT + ": restore it with the newer Orrery");
        }
        return description;
    }

    /** The path of an archive entry below the home; refuses names that would leave it. */
    private Path inside(String name) throws LaunchException {
        Path target = home.resolve(name).normalize();
        if (!target.startsWith(home) || target.equals(home) || !HomeFolder.FOLDERS.contains(home.relativize(target).getName(0).toString())) {
            throw new LaunchException("the backup holds an entry outside etc/, deploy/ and data/: " + name);
        }
        return target;
    }

    private static void extract(ZipFile zip, ZipEntry entry, Path target) throws IOException {
        Files.deleteIfExists(target);
        try (InputStream in = zip.getInputStream(entry); OutputStream out = OwnerOnly.create(target)) {
            in.transferTo(out);
        }
    }

    /** True when {@code root} does not exist, or holds nothing but empty folders (and the lock file). */
    static boolean isEmpty(Path root) throws IOException {
        if (!Files.exists(root)) {
            return true;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            return tree.filter(p -> !Files.isDirectory(p)).allMatch(p -> p.getFileName().toString().equals(".lock"));
        }
    }

    private static void deleteContents(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(folder)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(folder) && !p.getFileName().toString().equals(".lock")) {
                    Files.delete(p);
                }
            }
        }
    }
}
