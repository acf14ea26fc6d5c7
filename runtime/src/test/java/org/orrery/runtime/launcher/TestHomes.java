package org.orrery.runtime.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Homes and bundle folders for the subcommands' tests. */
final class TestHomes {

    private TestHomes() {
    }

    /**
     * A bundle folder with the real sqlite-jdbc jar (from the test class path) and a stand-in for the
     * store bundle whose newest migration is {@code knownSchema}.
     */
    static Path bundleFolder(Path folder, int knownSchema) throws IOException, URISyntaxException {
        Files.createDirectories(folder);
        // one folder for sqlite-jdbc's native library for the whole test run (not a test's temporary folder)
        Path natives = Files.createDirectories(Path.of("target/sqlite-native").toAbsolutePath());
        System.setProperty("org.sqlite.tmpdir", natives.toString());
        Path sqlite = Path.of(org.sqlite.JDBC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(sqlite, folder.resolve("sqlite-jdbc-test.jar"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", BundleJars.STORE);
        try (OutputStream file = Files.newOutputStream(folder.resolve("store.jdbc-test.jar"));
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            for (int v = 1; v <= knownSchema; v++) {
                jar.putNextEntry(new JarEntry("org/orrery/store/jdbc/internal/migration/V" + v + "__step.sql"));
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry("org/orrery/store/jdbc/internal/migration/postgresql/V" + (knownSchema + 5)
                    + "__other.sql"));
            jar.closeEntry();
        }
        return folder;
    }

    /** A home with etc/ files, users and a SQLite task database of schema {@code schema} holding {@code tasks} rows. */
    static Path home(Path root, int schema, int tasks) throws IOException, SQLException {
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("data"));
        Files.createDirectories(root.resolve("deploy"));
        Files.writeString(root.resolve("etc/orrery.properties"), "http.port=8080\n");
        Files.writeString(root.resolve("etc/org.orrery.devices.simulator.camera-sim.cfg"), "device.id=sim-camera\n");
        Files.writeString(root.resolve("data/users.json"), "{\"version\":1,\"users\":[]}");
        Files.writeString(root.resolve("data/runtime-bundles.properties"), "x=1\n");
        Files.createDirectories(root.resolve("data/images/2026"));
        Files.writeString(root.resolve("data/images/2026/frame.fits"), "frame");
        Files.createDirectories(root.resolve("data/framework/bundle1"));
        Files.writeString(root.resolve("data/framework/bundle1/cache"), "cache");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("data/tasks.db"));
                Statement st = db.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(255) NOT NULL,"
                    + " applied_at VARCHAR(64) NOT NULL)");
            for (int v = 1; v <= schema; v++) {
                st.executeUpdate("INSERT INTO schema_version VALUES (" + v + ", 'step', 'now')");
            }
            st.execute("CREATE TABLE tasks (id VARCHAR(64) PRIMARY KEY)");
            for (int i = 0; i < tasks; i++) {
                st.executeUpdate("INSERT INTO tasks VALUES ('task-" + i + "')");
            }
        }
        return root;
    }

    static int count(Path database) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement st = db.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM tasks")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
