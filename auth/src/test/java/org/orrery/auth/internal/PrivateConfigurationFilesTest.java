package org.orrery.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateConfigurationFilesTest {

    @TempDir
    Path root;

    private Path file(String path, String mode) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, ".password = secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void persistedConfigurationsAndEtcFilesBecomeOwnerOnly() throws IOException {
        Path persisted = file("data/framework/bundle33/data/config/org/orrery/store/jdbc.config", "rw-r--r--");
        Path cfg = file("etc/org.orrery.store.jdbc.cfg", "rw-rw-r--");
        Path other = file("etc/README.txt", "rw-r--r--");
        Path bundleJar = file("data/framework/bundle8/version0.0/bundle.jar", "rw-r--r--");
        new PrivateConfigurationFiles(root.resolve("data/framework"), root.resolve("etc"));
        assertEquals("rw-------", mode(persisted));
        assertEquals("rw-------", mode(cfg));
        assertEquals("rw-r--r--", mode(other), "only configuration files");
        assertEquals("rw-r--r--", mode(bundleJar), "only configuration files");
    }

    @Test
    void aConfigurationChangeMakesNewFilesPrivate() throws IOException {
        PrivateConfigurationFiles files = new PrivateConfigurationFiles(root.resolve("data/framework"), root.resolve("etc"));
        Path created = file("data/framework/bundle33/data/config/org/orrery/devices/sim.config", "rw-r--r--");
        files.configurationEvent(null);
        assertEquals("rw-------", mode(created));
        assertEquals(0, files.restrictAll(), "nothing left to change");
    }
}
