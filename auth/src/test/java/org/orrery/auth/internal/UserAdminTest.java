package org.orrery.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.platform.OrreryHome;
import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Role;
import org.orrery.security.UserAdmin;

class UserAdminTest {

    @TempDir
    Path root;

    private UserDirectory open() throws IOException {
        return new UserDirectory(new OrreryHome(root), Map.of("ORRERY_ADMIN_PASSWORD", "admin-secret")::get,
                new PasswordHasher(new SecureRandom(), 1_000), System::nanoTime);
    }

    @Test
    void usersAreCreatedWithRolesAndSurviveARestart() throws IOException {
        UserDirectory users = open();
        users.createUser("watcher", Role.VIEWER, "long-enough".toCharArray());
        assertEquals(new AuthenticatedUser("watcher", Role.VIEWER),
                users.authenticate("watcher", "long-enough".toCharArray()).orElseThrow());
        assertEquals(List.of(new UserAdmin.User("admin", Role.ADMIN), new UserAdmin.User("watcher", Role.VIEWER)),
                open().users());
    }

    @Test
    void badUsersAreRefusedWithTheReason() throws IOException {
        UserDirectory users = open();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> users.createUser("admin", Role.VIEWER,
                "long-enough".toCharArray())).getMessage().contains("exists already"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> users.createUser("bob", Role.VIEWER,
                "short".toCharArray())).getMessage().contains("at least 8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> users.createUser("b o b", Role.VIEWER,
                "long-enough".toCharArray())).getMessage().contains("user name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> users.deleteUser("admin"))
                .getMessage().contains("last admin"));
    }

    @Test
    void userNamesAreUniqueWhateverTheirCaseAndTheAnonymousNameIsReserved() throws IOException {
        UserDirectory users = open();
        assertEquals("user 'admin' exists already; user names differ in more than case", assertThrows(
                IllegalArgumentException.class, () -> users.createUser("Admin", Role.VIEWER, "long-enough".toCharArray())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> users.createUser("ADMIN", Role.ADMIN, "long-enough".toCharArray()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> users.createUser("-", Role.VIEWER,
                "long-enough".toCharArray())).getMessage().contains("reserved"));
        assertEquals(List.of(new UserAdmin.User("admin", Role.ADMIN)), users.users(), "nothing was created");
    }

    @Test
    void aChangedPasswordReplacesTheOldOneAtOnce() throws IOException {
        UserDirectory users = open();
        assertTrue(users.authenticate("admin", "admin-secret".toCharArray()).isPresent());
        users.setPassword("admin", "new-secret-1".toCharArray());
        assertTrue(users.authenticate("admin", "admin-secret".toCharArray()).isEmpty(), "not served from the cache");
        assertTrue(users.authenticate("admin", "new-secret-1".toCharArray()).isPresent());
    }

    @Test
    void tokensAuthenticateWithTheirRoleUntilRevokedOrExpired() throws IOException {
        UserDirectory users = open();
        UserAdmin.IssuedToken issued = users.createToken("admin", Role.OPERATOR, "scripts", null);
        assertTrue(issued.secret().startsWith("orrery_" + issued.token().id() + "_"));
        assertEquals(new AuthenticatedUser("admin", Role.OPERATOR), users.authenticateToken(issued.secret()).orElseThrow());
        assertTrue(open().authenticateToken(issued.secret()).isPresent(), "tokens survive a restart");
        assertFalse(Files.readString(root.resolve("data/tokens.json")).contains(issued.secret().substring(20)),
                "the secret is stored hashed");
        assertTrue(users.authenticateToken(issued.secret() + "x").isEmpty());
        assertTrue(users.authenticateToken("orrery_nope_secret").isEmpty());
        assertTrue(users.revokeToken(issued.token().id()));
        assertTrue(users.authenticateToken(issued.secret()).isEmpty());
        assertFalse(users.revokeToken(issued.token().id()));
    }

    @Test
    void aTokenCannotOutrankItsUserAndDiesWithIt() throws IOException {
        UserDirectory users = open();
        users.createUser("obs", Role.OPERATOR, "long-enough".toCharArray());
        assertThrows(IllegalArgumentException.class, () -> users.createToken("obs", Role.ADMIN, "", null));
        UserAdmin.IssuedToken token = users.createToken("obs", null, "night runs", Instant.now().plusSeconds(3600));
        assertEquals(Role.OPERATOR, token.token().role());
        users.deleteUser("obs");
        assertTrue(users.authenticateToken(token.secret()).isEmpty());
        assertTrue(users.tokens().isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> users.createToken("admin", null, "", Instant.now().minusSeconds(1)));
    }

    @Test
    void anAgentUserHoldsAgentTokensOnlyAndTheyKeepTheirRoleAcrossARestart() throws IOException {
        UserDirectory users = open();
        users.createUser("gpu-1", Role.AGENT, "long-enough".toCharArray());
        UserAdmin.IssuedToken token = users.createToken("gpu-1", null, "the GPU box", null);
        assertEquals(Role.AGENT, token.token().role());
        assertEquals(new AuthenticatedUser("gpu-1", Role.AGENT), open().authenticateToken(token.secret()).orElseThrow());
        assertTrue(Files.readString(root.resolve("data/users.json")).contains("\"agent\""), "stored as \"agent\"");
        assertEquals("user 'gpu-1' has the role agent and cannot hold a token with the role viewer", assertThrows(
                IllegalArgumentException.class, () -> users.createToken("gpu-1", Role.VIEWER, "", null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> users.createToken("gpu-1", Role.ADMIN, "", null));
        users.createUser("obs", Role.OPERATOR, "long-enough".toCharArray());
        assertThrows(IllegalArgumentException.class, () -> users.createToken("obs", Role.AGENT, "", null),
                "an operator cannot act as an agent");
    }

    @Test
    void expiredTokensArePurgedFromTheFileWhenATokenIsCreated() throws IOException {
        Instant start = Instant.parse("2026-12-05T20:00:00Z");
        Instant[] now = {start};
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        UserDirectory users = new UserDirectory(new OrreryHome(root), Map.of("ORRERY_ADMIN_PASSWORD", "admin-secret")::get,
                new PasswordHasher(new SecureRandom(), 1_000), System::nanoTime, clock);
        UserAdmin.IssuedToken shortLived = users.createToken("admin", null, "sign-in", start.plusSeconds(60));
        now[0] = start.plusSeconds(1);
        UserAdmin.IssuedToken forever = users.createToken("admin", null, "scripts", null);
        now[0] = start.plusSeconds(2);
        UserAdmin.IssuedToken later = users.createToken("admin", null, "sign-in", start.plusSeconds(3600));
        assertTrue(users.authenticateToken(shortLived.secret()).isPresent());

        now[0] = start.plusSeconds(60);
        assertTrue(users.authenticateToken(shortLived.secret()).isEmpty(), "expired at its expiry");
        assertTrue(Files.readString(root.resolve("data/tokens.json")).contains(shortLived.token().id()),
                "kept until a token is created");
        UserAdmin.IssuedToken next = users.createToken("admin", null, "sign-in", start.plusSeconds(7200));

        String file = Files.readString(root.resolve("data/tokens.json"));
        assertFalse(file.contains(shortLived.token().id()), file);
        assertEquals(List.of(forever.token().id(), later.token().id(), next.token().id()),
                users.tokens().stream().map(UserAdmin.Token::id).toList());
        assertEquals(start.plusSeconds(60), next.token().createdAt(), "created at the clock's time");
    }
}
