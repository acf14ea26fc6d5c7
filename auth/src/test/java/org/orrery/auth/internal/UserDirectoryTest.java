package org.orrery.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.platform.OrreryHome;
import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Role;

class UserDirectoryTest {

    @TempDir
    Path root;

    private final AtomicLong clock = new AtomicLong();

    /** Counts the PBKDF2 verifications, to see the cache at work. */
    private final AtomicInteger verifications = new AtomicInteger();

    private final PasswordHasher hasher = new PasswordHasher(new SecureRandom(), 1_000) {
        @Override
        boolean verify(char[] password, String encoded) {
            verifications.incrementAndGet();
            return super.verify(password, encoded);
        }
    };

    private UserDirectory open(Map<String, String> environment) throws IOException {
        OrreryHome home = new OrreryHome(root);
        return new UserDirectory(home, environment::get, hasher, clock::get);
    }

    @Test
    void firstStartGeneratesAnAdminPasswordIntoAnOwnerOnlyFile() throws IOException {
        UserDirectory users = open(Map.of());
        Path file = root.resolve("etc/initial-admin-password");
        String password = Files.readString(file).trim();
        assertEquals(20, password.length());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("data/users.json"))));
        assertEquals(new AuthenticatedUser("admin", Role.ADMIN), users.authenticate("admin", password.toCharArray()).orElseThrow());
    }

    @Test
    void thereIsNoDefaultPassword() throws IOException {
        UserDirectory users = open(Map.of());
        assertTrue(users.authenticate("admin", "admin".toCharArray()).isEmpty());
        assertTrue(users.authenticate("admin", "".toCharArray()).isEmpty());
        assertTrue(users.authenticate("admin", null).isEmpty());
    }

    @Test
    void passwordFromTheEnvironmentIsUsedAndNoPasswordFileWritten() throws IOException {
        UserDirectory users = open(Map.of("ORRERY_ADMIN_PASSWORD", "from-env-123"));
        assertTrue(users.authenticate("admin", "from-env-123".toCharArray()).isPresent());
        assertFalse(Files.exists(root.resolve("etc/initial-admin-password")));
    }

    @Test
    void credentialsAreStoredHashedOnly() throws IOException {
        open(Map.of("ORRERY_ADMIN_PASSWORD", "plain-text-secret"));
        String stored = Files.readString(root.resolve("data/users.json"));
        assertFalse(stored.contains("plain-text-secret"));
        assertTrue(stored.contains("pbkdf2-sha256$"));
    }

    @Test
    void secondStartKeepsTheFirstPasswordAndIgnoresTheEnvironment() throws IOException {
        open(Map.of("ORRERY_ADMIN_PASSWORD", "first"));
        UserDirectory again = open(Map.of("ORRERY_ADMIN_PASSWORD", "second"));
        assertTrue(again.authenticate("admin", "first".toCharArray()).isPresent());
        assertTrue(again.authenticate("admin", "second".toCharArray()).isEmpty());
    }

    @Test
    void unknownUserIsRefused() throws IOException {
        UserDirectory users = open(Map.of("ORRERY_ADMIN_PASSWORD", "pw"));
        assertTrue(users.authenticate("root", "pw".toCharArray()).isEmpty());
    }

    @Test
    void verifiedPasswordIsRememberedForAWhileThenCheckedAgain() throws IOException {
        UserDirectory users = open(Map.of("ORRERY_ADMIN_PASSWORD", "pw"));
        users.authenticate("admin", "pw".toCharArray());
        users.authenticate("admin", "pw".toCharArray());
        assertEquals(1, verifications.get());
        assertTrue(users.authenticate("admin", "wrong".toCharArray()).isEmpty(), "a wrong password is never served from the cache");
        clock.addAndGet(UserDirectory.VERIFIED_TTL_NANOS + 1);
        assertTrue(users.authenticate("admin", "pw".toCharArray()).isPresent());
        assertEquals(3, verifications.get());
    }

    @Test
    void corruptUserStoreFailsTheStartWithTheFileNamed() throws IOException {
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/users.json"), "{ not json");
        IOException e = assertThrows(IOException.class, () -> open(Map.of()));
        assertTrue(e.getMessage().contains("users.json"), e.getMessage());
    }

    @Test
    void userStoreWithAnUnknownRoleIsRefused() throws IOException {
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/users.json"),
                "{\"version\":1,\"users\":[{\"name\":\"a\",\"role\":\"king\",\"password_hash\":\"x\"}]}");
        IOException e = assertThrows(IOException.class, () -> open(Map.of()));
        assertTrue(e.getMessage().contains("king"), e.getMessage());
    }
}
