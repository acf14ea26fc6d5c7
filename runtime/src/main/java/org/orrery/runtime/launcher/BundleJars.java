package org.orrery.runtime.launcher;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * What the launcher takes from the runtime's {@code bundle/} folder without starting the
 * framework: a JDBC driver (sqlite-jdbc, PostgreSQL's), loaded by a class loader of its own
 * (the launcher's class path is the framework and logging only), and the newest task-database
 * schema the store bundle knows (its migration scripts).
 */
final class BundleJars {

    static final String SQLITE = "org.xerial.sqlite-jdbc";
    static final String POSTGRESQL = "org.postgresql.jdbc";
    static final String STORE = "org.orrery.store.jdbc";
    /** How bnd's export names these bundles' files (a hint only: the manifest decides). */
    private static final Map<String, String> FILE_NAMES = Map.of(SQLITE, "sqlite-jdbc-", POSTGRESQL, "postgresql-",
            STORE, "store.jdbc-");
    private static final Pattern MIGRATION = Pattern.compile("org/orrery/store/jdbc/internal/migration/V(\\d+)__[^/]+\\.sql");

    private final Path folder;

    BundleJars(Path folder) {
        this.folder = folder;
    }

    /** The jar whose {@code Bundle-SymbolicName} is {@code symbolicName}, if the folder holds one. */
    Optional<Path> find(String symbolicName) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            // a jar named like the bundle first: reading every manifest of the folder takes a while
            String hint = FILE_NAMES.getOrDefault(symbolicName, symbolicName);
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing((Path f) -> !f.getFileName().toString().contains(hint))
                            .thenComparing(Comparator.naturalOrder())).toList()) {
                if (symbolicName.equals(symbolicName(jar))) {
                    return Optional.of(jar);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The JDBC driver {@code driverClass} of the bundle {@code symbolicName}, in a class loader of
     * its own (its parent: the platform class loader, so the driver sees {@code java.sql} only).
     */
    Driver driver(String symbolicName, String driverClass) throws LaunchException {
        try {
            Path jar = find(symbolicName).orElseThrow(() -> new LaunchException("the bundle " + symbolicName
                    + " is missing from " + folder));
            URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            return (Driver) Class.forName(driverClass, true, loader).getDeclaredConstructor().newInstance();
        } catch (IOException | ReflectiveOperationException | LinkageError e) {
            throw new LaunchException("cannot load the JDBC driver " + driverClass + " from " + folder + " ("
                    + HomeFolder.describe(e instanceof Exception ex ? ex : new IllegalStateException(e.toString())) + ")");
        }
    }

    /** The newest schema version the store bundle migrates to (its newest {@code V<n>__…sql}), if the bundle is there. */
    Optional<Integer> knownSchemaVersion() throws IOException {
        Optional<Path> store = find(STORE);
        if (store.isEmpty()) {
            return Optional.empty();
        }
        int newest = 0;
        try (JarFile jar = new JarFile(store.get().toFile())) {
            for (Enumeration<? extends ZipEntry> entries = jar.entries(); entries.hasMoreElements();) {
                Matcher m = MIGRATION.matcher(entries.nextElement().getName());
                if (m.matches()) {
                    newest = Math.max(newest, Integer.parseInt(m.group(1)));
                }
            }
        }
        return newest == 0 ? Optional.empty() : Optional.of(newest);
    }

    private static String symbolicName(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getManifest() == null) {
                return null;
            }
            String name = file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            return name == null ? null : name.split(";")[0].trim();
        } catch (IOException e) {
            return null;
        }
    }

}
