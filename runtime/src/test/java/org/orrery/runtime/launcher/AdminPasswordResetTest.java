package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPasswordResetTest {

    @TempDir
    Path home;

    @Test
    void aGeneratedPasswordGoesToTheRequestAndTheFirstStartFile() throws Exception {
        Files.createDirectories(home.resolve("data"));
        String said = new AdminPasswordReset(home, new Random(1)).reset(Map.of());
        Path passwordFile = home.resolve("etc/initial-admin-password");
        String password = Files.readString(passwordFile).trim();
        assertEquals(AdminPasswordReset.GENERATED_LENGTH, password.length());
        assertEquals(password, Files.readString(home.resolve("data").resolve(AdminPasswordReset.REQUEST)));
        assertTrue(said.contains(passwordFile.toString()), said);
        for (Path file : new Path[] {passwordFile, home.resolve("data").resolve(AdminPasswordReset.REQUEST)}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
    }

    @Test
    void aPasswordFromTheEnvironmentIsWrittenOnlyIntoTheRequest() throws Exception {
        Files.createDirectories(home.resolve("data"));
        String said = new AdminPasswordReset(home).reset(Map.of(RuntimeSettings.ADMIN_PASSWORD_ENV, "a long one 1"));
        assertEquals("a long one 1", Files.readString(home.resolve("data").resolve(AdminPasswordReset.REQUEST)));
        assertFalse(Files.exists(home.resolve("etc/initial-admin-password")));
        assertTrue(said.contains(RuntimeSettings.ADMIN_PASSWORD_ENV), said);
    }

    @Test
    void aShortPasswordFromTheEnvironmentIsRefused() throws Exception {
        Files.createDirectories(home.resolve("data"));
        LaunchException e = assertThrows(LaunchException.class,
                () -> new AdminPasswordReset(home).reset(Map.of(RuntimeSettings.ADMIN_PASSWORD_ENV, "short")));
        assertTrue(e.getMessage().contains("at least 8"), e.getMessage());
        assertFalse(Files.exists(home.resolve("data").resolve(AdminPasswordReset.REQUEST)));
    }

    @Test
    void aHomeInUseIsRefused() throws Exception {
        try (HomeFolder running = HomeFolder.open(home)) {
            LaunchException e = assertThrows(LaunchException.class, () -> new AdminPasswordReset(home).reset(Map.of()));
            assertTrue(e.getMessage().contains("stop it first"), e.getMessage());
        }
        assertFalse(Files.exists(home.resolve("data").resolve(AdminPasswordReset.REQUEST)));
    }
}
