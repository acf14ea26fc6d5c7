package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFolderTest {

    @TempDir
    Path root;

    @Test
    void theBuildLayoutHasBundleBesideTheJar() throws Exception {
        Files.createDirectories(root.resolve("bundle"));
        assertEquals(root.resolve("bundle"), Launcher.bundleFolder(root.resolve("orrery.jar")));
    }

    @Test
    void theDistributionLayoutHasBundleBesideTheLibFolder() throws Exception {
        Files.createDirectories(root.resolve("lib"));
        Files.createDirectories(root.resolve("bundle"));
        assertEquals(root.resolve("bundle"), Launcher.bundleFolder(root.resolve("lib/orrery.jar")));
    }

    @Test
    void noBundleFolderNamesTheOneBesideTheJar() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> Launcher.bundleFolder(root.resolve("lib/orrery.jar")));
        assertTrue(e.getMessage().contains(root.resolve("lib/bundle").toString()), e.getMessage());
    }
}
