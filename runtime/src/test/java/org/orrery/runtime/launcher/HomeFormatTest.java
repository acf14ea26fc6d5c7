package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeFormatTest {

    @TempDir
    Path etc;

    @Test
    void aHomeWithoutTheFileIsFormatOne() throws Exception {
        assertEquals(new HomeFormat.Recorded(1, "unknown"), HomeFormat.read(etc));
    }

    @Test
    void recordingUpgradesAnOlderHomeOnceAndSaysSo() throws Exception {
        assertEquals(Optional.of("upgraded from format 1 to " + HomeFormat.CURRENT), HomeFormat.record(etc, false));
        assertEquals(new HomeFormat.Recorded(HomeFormat.CURRENT, OrreryVersion.current()), HomeFormat.read(etc));
        assertEquals(Optional.empty(), HomeFormat.record(etc, false), "nothing to change the second time");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(etc.resolve(HomeFormat.FILE_NAME))));
    }

    @Test
    void aNewHomeIsNotCalledUpgraded() throws Exception {
        assertEquals(Optional.of("format " + HomeFormat.CURRENT + ", written by Orrery " + OrreryVersion.current()),
                HomeFormat.record(etc, true));
    }

    @Test
    void aNewerHomeIsRefusedNamingBothVersions() throws Exception {
        Files.writeString(etc.resolve(HomeFormat.FILE_NAME), "format=7\nwritten.by=3.1.0\n");
        LaunchException e = assertThrows(LaunchException.class, () -> HomeFormat.requireKnown(etc));
        assertTrue(e.getMessage().contains("has format 7 (written by Orrery 3.1.0)"), e.getMessage());
        assertTrue(e.getMessage().contains("knows formats up to " + HomeFormat.CURRENT), e.getMessage());
    }

    @Test
    void aFormatThatIsNoNumberIsRefused() throws Exception {
        Files.writeString(etc.resolve(HomeFormat.FILE_NAME), "format=two\n");
        LaunchException e = assertThrows(LaunchException.class, () -> HomeFormat.read(etc));
        assertTrue(e.getMessage().contains("format='two' is not a number"), e.getMessage());
    }
}
