package org.orrery.runtime.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code orrery check}: what would stop a start, found without starting and without changing
 * anything (an older home is reported as one the start will upgrade, not upgraded here).
 */
final class HomeCheck {

    /** One line of the report. */
    record Result(String what, boolean ok, String detail) {
        @Override
        public String toString() {
            return (ok ? "ok       " : "PROBLEM  ") + what + ": " + detail;
        }
    }

    private final Path home;
    private final Map<String, String> environment;
    private final BundleJars jars;
    private final List<Result> results = new ArrayList<>();

    HomeCheck(Path home, Map<String, String> environment, BundleJars jars) {
        this.home = home;
        this.environment = environment;
        this.jars = jars;
    }

    List<Result> run() {
        boolean exists = checkFolder();
        boolean free = checkLock(exists);
        checkSettings(free);
        if (exists) {
            checkModes();
            checkFormat();
            checkConfigurationFiles();
            checkDatabase();
        }
        return List.copyOf(results);
    }

    private boolean checkFolder() {
        if (!Files.exists(home)) {
            Path parent = home.getParent();
            boolean creatable = parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
            add("home", creatable, creatable ? home + " does not exist yet: a start creates it"
                    : home + " does not exist and " + parent + " is not a writable folder");
            return false;
        }
        for (String name : HomeFolder.FOLDERS) {
            Path folder = home.resolve(name);
            if (Files.exists(folder) && (!Files.isDirectory(folder) || !Files.isWritable(folder))) {
                add("home", false, folder + " is not a writable folder");
                return true;
            }
        }
        add("home", Files.isWritable(home), home + (Files.isWritable(home) ? " is writable" : " is not writable"));
        return true;
    }

    private boolean checkLock(boolean exists) {
        if (!exists) {
            return true;
        }
        try {
            boolean used = HomeFolder.inUse(home);
            add("lock", !used, used ? "a running Orrery uses this home: a second one would be refused" : "no runtime uses it");
            return !used;
        } catch (LaunchException e) {
            add("lock", false, e.getMessage());
            return false;
        }
    }

    private void checkSettings(boolean checkPort) {
        RuntimeSettings settings;
        try {
            settings = RuntimeSettings.read(home.resolve("etc"), environment, List.of());
            add("admin password", true, environment.containsKey(RuntimeSettings.ADMIN_PASSWORD_ENV)
                    ? RuntimeSettings.ADMIN_PASSWORD_ENV + " is long enough" : "set at the first start (or already set)");
        } catch (LaunchException e) {
            add("settings", false, e.getMessage());
            return;
        }
        settings.problems().forEach(problem -> add("settings", false, problem));
        if (settings.problems().isEmpty()) {
            add("settings", true, "http " + settings.httpHost() + ":" + settings.httpPort() + ", log level " + settings.logLevel());
        }
        if (checkPort) {
            try {
                Launcher.checkPortFree(settings.httpHost(), settings.httpPort());
                add("http port", true, settings.httpPort() + " on " + settings.httpHost() + " is free");
            } catch (LaunchException e) {
                add("http port", false, e.getMessage());
            }
        } else {
            add("http port", true, "not checked: the running Orrery holds it");
        }
    }

    /** Modes a start sets itself are fine; a file of another user it cannot make private (nor, often, read). */
    private void checkModes() {
        String user = System.getProperty("user.name");
        Path images = home.resolve(OwnerOnly.IMAGES);
        long open = 0;
        List<Path> foreign = new ArrayList<>();
        try (Stream<Path> tree = Files.walk(home)) {
            for (Path path : tree.filter(p -> !p.startsWith(images) || p.equals(images)).toList()) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                if (!Files.getOwner(path).getName().equals(user)) {
                    foreign.add(path);
                } else if (!Files.getPosixFilePermissions(path).equals(Files.isDirectory(path) ? OwnerOnly.FOLDER : OwnerOnly.FILE)) {
                    open++;
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            add("modes", true, "not checked (" + e.getClass().getSimpleName() + ")");
            return;
        }
        if (!foreign.isEmpty()) {
            add("modes", false, foreign.size() + " file(s) belong to another user than " + user + ", e.g. " + foreign.get(0)
                    + ": a start cannot make them private");
        } else {
            add("modes", true, open == 0 ? "everything is private to " + user
                    : open + " file(s) or folder(s) not private yet: a start makes them 0600/0700");
        }
    }

    private void checkFormat() {
        try {
            HomeFormat.Recorded recorded = HomeFormat.requireKnown(home.resolve("etc"));
            add("home format", true, recorded.format() == HomeFormat.CURRENT ? "format " + HomeFormat.CURRENT
                    : "format " + recorded.format() + ": a start upgrades it to " + HomeFormat.CURRENT);
        } catch (LaunchException e) {
            add("home format", false, e.getMessage());
        }
    }

    private void checkConfigurationFiles() {
        Path etc = home.resolve("etc");
        if (!Files.isDirectory(etc)) {
            return;
        }
        int read = 0;
        try (Stream<Path> files = Files.list(etc)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".cfg")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    new Properties().load(reader);
                    read++;
                } catch (IOException | IllegalArgumentException e) {
                    add("configuration", false, file + " cannot be read (" + HomeFolder.describe(e) + ")");
                }
            }
        } catch (IOException e) {
            add("configuration", false, etc + " cannot be listed (" + HomeFolder.describe(e) + ")");
            return;
        }
        add("configuration", true, read + " .cfg file" + (read == 1 ? "" : "s") + " in " + etc + " read");
    }

    private void checkDatabase() {
        HomeDatabase database;
        try {
            database = HomeDatabase.of(home);
        } catch (LaunchException e) {
            add("task database", false, e.getMessage());
            return;
        }
        if (!database.exists()) {
            add("task database", true, database.describe() + " does not exist yet: a start creates it");
            return;
        }
        Optional<Integer> known;
        try {
            known = jars.knownSchemaVersion();
        } catch (IOException e) {
            add("task database", false, "the store bundle cannot be read (" + HomeFolder.describe(e) + ")");
            return;
        }
        try (Connection connection = database.open(jars)) {
            int version = HomeDatabase.schemaVersion(connection);
            if (known.isEmpty()) {
                add("task database", false, database.describe() + " has schema " + version
                        + "; the store bundle org.orrery.store.jdbc is missing from the bundle folder");
            } else if (version > known.get()) {
                add("task database", false, HomeDatabase.tooNew(database, version, known.get()).getMessage());
            } else if (version < known.get()) {
                add("task database", true, database.describe() + " has schema " + version + ": a start migrates it to "
                        + known.get() + " (" + (known.get() - version) + " migration" + (known.get() - version == 1 ? "" : "s")
                        + " pending)");
            } else {
                add("task database", true, database.describe() + " has schema " + version + ", the newest");
            }
        } catch (SQLException | LaunchException e) {
            add("task database", false, database.describe() + " cannot be opened: " + e.getMessage());
        }
    }

    private void add(String what, boolean ok, String detail) {
        results.add(new Result(what, ok, detail));
    }
}
