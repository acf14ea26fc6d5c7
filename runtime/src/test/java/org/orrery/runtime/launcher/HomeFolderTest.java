package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeFolderTest {

    @TempDir
    Path tmp;

    @Test
    void homeDefaultsToOrreryHomeUnderTheWorkingFolder() {
        assertEquals(tmp.resolve("orrery-home"), HomeFolder.locate(Map.of(), tmp));
        assertEquals(tmp.resolve("orrery-home"), HomeFolder.locate(Map.of("ORRERY_HOME", "  "), tmp));
    }

    @Test
    void environmentNamesTheHomeRelativeOrAbsolute() {
        assertEquals(tmp.resolve("site/a"), HomeFolder.locate(Map.of("ORRERY_HOME", "site/a"), tmp));
        assertEquals(Path.of("/opt/orrery"), HomeFolder.locate(Map.of("ORRERY_HOME", "/opt/orrery"), tmp));
    }

    @Test
    void openCreatesTheFoldersAndTellsAFreshHomeFromAnOldOne() throws Exception {
        Path root = tmp.resolve("home");
        try (HomeFolder home = HomeFolder.open(root)) {
            assertTrue(home.fresh());
            for (String name : HomeFolder.FOLDERS) {
                assertTrue(Files.isDirectory(root.resolve(name)), name);
            }
        }
        try (HomeFolder again = HomeFolder.open(root)) {
            assertFalse(again.fresh());
        }
    }

    @Test
    void secondRuntimeOnTheSameHomeIsRefused() throws Exception {
        Path root = tmp.resolve("home");
        try (HomeFolder first = HomeFolder.open(root)) {
            LaunchException e = assertThrows(LaunchException.class, () -> HomeFolder.open(root));
            assertTrue(e.getMessage().contains("another Orrery runtime"), e.getMessage());
        }
    }

    @Test
    void unwritableHomeIsRefusedNamingTheFolder() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")) && canRootWriteAnyway(), "root ignores permissions");
        Path root = tmp.resolve("locked");
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-x------"));
        try {
            LaunchException e = assertThrows(LaunchException.class, () -> HomeFolder.open(root));
            assertTrue(e.getMessage().contains(root.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("ORRERY_HOME"), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void openMakesEveryFolderAndFileOfTheHomePrivateToItsOwner() throws Exception {
        Path root = tmp.resolve("home");
        Path config = root.resolve("data/framework/bundle7/data/config/org/orrery/store/jdbc.config");
        Files.createDirectories(config.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(config, ".password=\"secret\"");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (HomeFolder home = HomeFolder.open(root)) {
            assertTrue(home.modeProblems().isEmpty(), home.modeProblems().toString());
        }
        for (Path folder : new Path[] {root, root.resolve("etc"), root.resolve("logs"), config.getParent()}) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)), folder.toString());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("data/.lock"))));
    }

    @Test
    void theImagesFolderIsClosedButItsFramesAreNotWalkedAtEveryStart() throws Exception {
        Path root = tmp.resolve("home");
        Path frame = root.resolve("data/images/2026-12-05/M42_001.fits");
        Files.createDirectories(frame.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(frame, "frame");
        Files.setPosixFilePermissions(root.resolve("data/images"), PosixFilePermissions.fromString("rwxr-xr-x"));
        try (HomeFolder home = HomeFolder.open(root)) {
            assertTrue(home.modeProblems().isEmpty(), home.modeProblems().toString());
        }
        // the folder is closed to others, so its content is out of their reach whatever its own modes
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("data/images"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(frame.getParent())),
                "the frames' writer keeps its own folders private; the start does not walk them");
    }

    @Test
    void homeThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        LaunchException e = assertThrows(LaunchException.class, () -> HomeFolder.open(file));
        assertTrue(e.getMessage().contains("a-file"), e.getMessage());
    }

    private boolean canRootWriteAnyway() throws IOException {
        Path probe = tmp.resolve("probe");
        Files.createDirectories(probe);
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("r-x------"));
        try {
            Files.createFile(probe.resolve("x"));
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
