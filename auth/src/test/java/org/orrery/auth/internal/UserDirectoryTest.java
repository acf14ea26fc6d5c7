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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.platform.OrreryHome;
import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Authentication;
import org.orrery.security.Role;
import org.orrery.security.UserAdmin.User;

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

    /** Opens a new home whose first admin is stored only when the returned task list's task is run. */
    private UserDirectory openDeferred(Map<String, String> environment, List<Runnable> later) throws IOException {
        return new UserDirectory(new OrreryHome(root), environment::get, hasher, clock::get, Clock.systemUTC(), later::add);
    }

    @Test
    void theFirstAdminIsStoredWhenItsTaskRunsNotAtActivation() throws IOException {
        List<Runnable> later = new ArrayList<>();
        UserDirectory users = openDeferred(Map.of(), later);
        String password = Files.readString(root.resolve("etc/initial-admin-password")).trim();
        assertFalse(Files.exists(root.resolve("data/users.json")), "no hash made during the activation");
        assertEquals(1, later.size());

        later.get(0).run();
        assertTrue(Files.exists(root.resolve("data/users.json")));
        assertTrue(users.authenticate("admin", password.toCharArray()).isPresent());
        assertTrue(open(Map.of()).authenticate("admin", password.toCharArray()).isPresent(), "stored");
    }

    @Test
    void whoNeedsTheUsersBeforeTheTaskRunsStoresTheFirstAdminItself() throws IOException {
        List<Runnable> later = new ArrayList<>();
        UserDirectory users = openDeferred(Map.of("ORRERY_ADMIN_PASSWORD", "from-the-env-1"), later);

        assertEquals(List.of(new User("admin", Role.ADMIN)), users.users());
        assertTrue(users.authenticate("admin", "from-the-env-1".toCharArray()).isPresent());
        users.createUser("olga", Role.OPERATOR, "olga-pass-1".toCharArray());
        String stored = Files.readString(root.resolve("data/users.json"));
        later.get(0).run(); // the task after the fact changes nothing
        assertEquals(stored, Files.readString(root.resolve("data/users.json")));
        UserDirectory reopened = open(Map.of());
        assertTrue(reopened.authenticate("admin", "from-the-env-1".toCharArray()).isPresent());
        assertTrue(reopened.authenticate("olga", "olga-pass-1".toCharArray()).isPresent());
    }

    @Test
    void aStopBeforeTheTaskRanStoresTheFirstAdmin() throws IOException {
        openDeferred(Map.of("ORRERY_ADMIN_PASSWORD", "from-the-env-1"), new ArrayList<>()).deactivate();
        assertTrue(open(Map.of()).authenticate("admin", "from-the-env-1".toCharArray()).isPresent());
    }

    @Test
    void aTooShortAdminPasswordStillFailsTheActivation() {
        assertThrows(IOException.class, () -> openDeferred(Map.of("ORRERY_ADMIN_PASSWORD", "short"), new ArrayList<>()));
    }

    @Test
    void aResetRequestOfTheLauncherGivesAdminItsPasswordOnceAndKeepsTheOtherUsers() throws IOException {
        UserDirectory before = open(Map.of("ORRERY_ADMIN_PASSWORD", "forgotten-1"));
        before.createUser("olga", Role.OPERATOR, "olga-pass-1".toCharArray());
        Path request = Files.writeString(root.resolve("data").resolve(AdminPasswordReset.REQUEST), "the new one 1");

        UserDirectory after = open(Map.of());
        assertTrue(after.authenticate("admin", "the new one 1".toCharArray()).isPresent());
        assertTrue(after.authenticate("admin", "forgotten-1".toCharArray()).isEmpty());
        assertTrue(after.authenticate("olga", "olga-pass-1".toCharArray()).isPresent());
        assertFalse(Files.exists(request), "the request is used once");
        assertTrue(open(Map.of()).authenticate("admin", "the new one 1".toCharArray()).isPresent(), "stored");
    }

    @Test
    void aResetRequestRevokesTheAdminsTokensAndKeepsTheOthers() throws IOException {
        UserDirectory before = open(Map.of("ORRERY_ADMIN_PASSWORD", "forgotten-1"));
        before.createUser("olga", Role.OPERATOR, "olga-pass-1".toCharArray());
        String adminToken = before.createToken("admin", Role.ADMIN, "maybe leaked", null).secret();
        String olgaToken = before.createToken("olga", Role.OPERATOR, "her script", null).secret();
        assertTrue(before.authenticateToken(adminToken).isPresent());
        Files.writeString(root.resolve("data").resolve(AdminPasswordReset.REQUEST), "the new one 1");

        UserDirectory after = open(Map.of());
        assertTrue(after.authenticateToken(adminToken).isEmpty(), "a token made with the old password still works");
        assertTrue(after.authenticateToken(olgaToken).isPresent());
        assertEquals(1, after.tokens().size());
    }

    @Test
    void aResetRequestWithATooShortPasswordChangesNothing() throws IOException {
        open(Map.of("ORRERY_ADMIN_PASSWORD", "kept-password"));
        Path request = Files.writeString(root.resolve("data").resolve(AdminPasswordReset.REQUEST), "short");
        UserDirectory after = open(Map.of());
        assertTrue(after.authenticate("admin", "kept-password".toCharArray()).isPresent());
        assertTrue(Files.exists(request));
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
        open(Map.of("ORRERY_ADMIN_PASSWORD", "first-password"));
        UserDirectory again = open(Map.of("ORRERY_ADMIN_PASSWORD", "second-password"));
        assertTrue(again.authenticate("admin", "first-password".toCharArray()).isPresent());
        assertTrue(again.authenticate("admin", "second-password".toCharArray()).isEmpty());
    }

    @Test
    void unknownUserIsRefused() throws IOException {
        UserDirectory users = open(Map.of("ORRERY_ADMIN_PASSWORD", "pw-of-8+"));
        assertTrue(users.authenticate("root", "pw-of-8+".toCharArray()).isEmpty());
    }

    @Test
    void verifiedPasswordIsRememberedForAWhileThenCheckedAgain() throws IOException {
        UserDirectory users = open(Map.of("ORRERY_ADMIN_PASSWORD", "pw-of-8+"));
        users.authenticate("admin", "pw-of-8+".toCharArray());
        users.authenticate("admin", "pw-of-8+".toCharArray());
        assertEquals(1, verifications.get());
        assertTrue(users.authenticate("admin", "wrong".toCharArray()).isEmpty(), "a wrong password is never served from the cache");
        clock.addAndGet(UserDirectory.VERIFIED_TTL_NANOS + 1);
        assertTrue(users.authenticate("admin", "pw-of-8+".toCharArray()).isPresent());
        assertEquals(3, verifications.get());
    }

    @Test
    void aTooShortPasswordFromTheEnvironmentFailsTheFirstStart() {
        IOException e = assertThrows(IOException.class, () -> open(Map.of("ORRERY_ADMIN_PASSWORD", "x")));
        assertEquals("ORRERY_ADMIN_PASSWORD holds 1 characters; a password needs at least 8", e.getMessage());
        assertFalse(Files.exists(root.resolve("data/users.json")), "no admin was created");
    }

    @Test
    void httpLoginsAreThrottledPerUserAndACorrectPasswordWorksAfterTheBackoff() throws IOException {
        UserDirectory users = open(Map.of("ORRERY_ADMIN_PASSWORD", "right-password"));
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertEquals(Authentication.Outcome.REFUSED, users.authenticateHttp(basic("admin", "guess-" + i), "10.0.0." + i).outcome());
        }
        int checked = verifications.get();
        Authentication throttled = users.authenticateHttp(basic("admin", "right-password"), "10.0.0.99");
        assertEquals(Authentication.Outcome.THROTTLED, throttled.outcome(), "another address, the same user");
        assertEquals(Duration.ofSeconds(1), throttled.retryAfter());
        assertEquals(checked, verifications.get(), "a throttled login is not even checked");
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(new AuthenticatedUser("admin", Role.ADMIN),
                users.authenticateHttp(basic("admin", "right-password"), "10.0.0.99").accepted().orElseThrow());
    }

    @Test
    void httpLoginsAcceptBearerTokensAndRefuseMissingOrMalformedHeaders() throws IOException {
        UserDirectory users = open(Map.of("ORRERY_ADMIN_PASSWORD", "right-password"));
        String token = users.createToken("admin", Role.VIEWER, "test", null).secret();
        assertEquals(Role.VIEWER, users.authenticateHttp("Bearer " + token, "10.0.0.1").accepted().orElseThrow().role());
        assertEquals(Authentication.REFUSED, users.authenticateHttp(null, "10.0.0.1"));
        assertEquals(Authentication.REFUSED, users.authenticateHttp("Basic !!!", "10.0.0.1"));
        assertEquals(Authentication.REFUSED, users.authenticateHttp("Bearer orrery_nope_nope", "10.0.0.1"));
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
