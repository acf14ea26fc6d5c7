package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeBackupTest {

    @TempDir
    Path tmp;
    Path home;
    BundleJars jars;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        home = TestHomes.home(tmp.resolve("home"), 5, 50);
        jars = new BundleJars(TestHomes.bundleFolder(tmp.resolve("bundle"), 5));
    }

    HomeBackup backup() {
        return new HomeBackup(home, jars, new PrintStream(out, true));
    }

    @Test
    void theArchiveHoldsConfigurationUsersAndTheDatabaseButNotTheCacheNorTheFrames() throws Exception {
        Path archive = tmp.resolve("backup.zip");
        backup().write(archive, false);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).sorted().toList();
            assertEquals(List.of("data/tasks.db", "data/users.json", "etc/org.orrery.devices.simulator.camera-sim.cfg",
                    "etc/orrery.properties", HomeBackup.DESCRIPTION), names);
            Properties description = new Properties();
            description.load(zip.getInputStream(zip.getEntry(HomeBackup.DESCRIPTION)));
            assertEquals("sqlite", description.getProperty("database"));
            assertEquals("1", description.getProperty("home.format"), "the home has no etc/home.version");
        }
        assertFalse(Files.exists(tmp.resolve("backup.zip.partial")));
        assertFalse(Files.exists(tmp.resolve("backup.zip.tasks-db.partial")));
    }

    @Test
    void withDataTheFramesComeTooButNeverTheFrameworkCache() throws Exception {
        Path archive = tmp.resolve("backup.zip");
        backup().write(archive, true);
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            assertTrue(zip.getEntry("data/images/2026/frame.fits") != null);
            assertTrue(zip.stream().noneMatch(e -> e.getName().startsWith("data/framework")));
        }
    }

    @Test
    void anExistingFileIsNotOverwritten() throws Exception {
        Path archive = Files.writeString(tmp.resolve("backup.zip"), "mine");
        LaunchException e = assertThrows(LaunchException.class, () -> backup().write(archive, false));
        assertTrue(e.getMessage().contains("exists already"), e.getMessage());
        assertEquals("mine", Files.readString(archive));
    }

    @Test
    void withPostgreSqlTheArchiveSaysToUsePgDump() throws Exception {
        Files.writeString(home.resolve("etc/org.orrery.store.jdbc.cfg"), "url = jdbc:postgresql://db.example.org/orrery\n");
        Path archive = tmp.resolve("backup.zip");
        backup().write(archive, false);
        assertTrue(out.toString().contains("pg_dump"), out.toString());
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            assertEquals(null, zip.getEntry("data/tasks.db"));
        }
    }

    @Test
    void restoreRoundTripsIntoAnEmptyHomeWithPrivateModes() throws Exception {
        Path archive = tmp.resolve("backup.zip");
        backup().write(archive, false);
        Path restored = tmp.resolve("restored");
        Properties description = new HomeRestore(restored).restore(archive, false);
        assertEquals("sqlite", description.getProperty("database"));
        assertEquals(50, TestHomes.count(restored.resolve("data/tasks.db")));
        assertEquals("device.id=sim-camera\n", Files.readString(restored.resolve("etc/org.orrery.devices.simulator.camera-sim.cfg")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("data/users.json"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("etc"))));
    }

    @Test
    void restoreRefusesAHomeThatIsNotEmptyUnlessForced() throws Exception {
        Path archive = tmp.resolve("backup.zip");
        backup().write(archive, false);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/tasks.db"));
                Statement st = db.createStatement()) {
            st.executeUpdate("DELETE FROM tasks");
        }
        Files.writeString(home.resolve("etc/later.cfg"), "a=1\n");
        LaunchException e = assertThrows(LaunchException.class, () -> new HomeRestore(home).restore(archive, false));
        assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
        assertEquals(0, TestHomes.count(home.resolve("data/tasks.db")), "nothing changed");

        new HomeRestore(home).restore(archive, true);
        assertEquals(50, TestHomes.count(home.resolve("data/tasks.db")));
        assertFalse(Files.exists(home.resolve("etc/later.cfg")), "--force replaces etc/");
    }

    @Test
    void restoreRefusesAHomeInUse() throws Exception {
        Path archive = tmp.resolve("backup.zip");
        backup().write(archive, false);
        Path other = tmp.resolve("other");
        try (HomeFolder running = HomeFolder.open(other)) {
            LaunchException e = assertThrows(LaunchException.class, () -> new HomeRestore(other).restore(archive, true));
            assertTrue(e.getMessage().contains("stop it first"), e.getMessage());
        }
    }

    @Test
    void restoreRefusesAnEntryOutsideTheHome() throws Exception {
        Path archive = tmp.resolve("evil.zip");
        try (OutputStream file = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry(HomeBackup.DESCRIPTION));
            zip.write("home.format=2\n".getBytes());
            zip.putNextEntry(new ZipEntry("etc/../../escaped"));
            zip.write(1);
        }
        LaunchException e = assertThrows(LaunchException.class, () -> new HomeRestore(tmp.resolve("r")).restore(archive, false));
        assertTrue(e.getMessage().contains("outside etc/, deploy/ and data/"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("escaped")));
    }

    @Test
    void restoreRefusesABackupOfANewerFormat() throws Exception {
        Path archive = tmp.resolve("newer.zip");
        try (OutputStream file = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry(HomeBackup.DESCRIPTION));
            zip.write("home.format=99\norrery.version=9.9\n".getBytes());
        }
        LaunchException e = assertThrows(LaunchException.class, () -> new HomeRestore(tmp.resolve("r")).restore(archive, false));
        assertTrue(e.getMessage().contains("format 99 (Orrery 9.9)"), e.getMessage());
    }
}
