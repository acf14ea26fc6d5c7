package org.orrery.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

    private static String header(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesUserAndPasswordSplittingAtTheFirstColon() {
        BasicCredentials c = BasicCredentials.parse(header("admin:pa:ss wörd")).orElseThrow();
        assertEquals("admin", c.user());
        assertArrayEquals("pa:ss wörd".toCharArray(), c.password());
    }

    @Test
    void schemeIsCaseInsensitiveAndEmptyPasswordAllowed() {
        BasicCredentials c = BasicCredentials.parse("basic " + header("u:").substring(6)).orElseThrow();
        assertEquals("u", c.user());
        assertEquals(0, c.password().length);
    }

    @Test
    void malformedHeadersGiveNothing() {
        assertTrue(BasicCredentials.parse(null).isEmpty());
        assertTrue(BasicCredentials.parse("Bearer abc").isEmpty());
        assertTrue(BasicCredentials.parse("Basic !!!notbase64").isEmpty());
        assertTrue(BasicCredentials.parse(header("no-colon")).isEmpty());
    }

    @Test
    void authenticateWithClearsThePassword() {
        BasicCredentials c = BasicCredentials.parse(header("admin:secret")).orElseThrow();
        char[] password = c.password();
        Optional<AuthenticatedUser> user = c.authenticateWith((name, pw) ->
                "secret".equals(new String(pw)) ? Optional.of(new AuthenticatedUser(name, Role.VIEWER)) : Optional.empty());
        assertTrue(user.isPresent());
        assertArrayEquals(new char[6], password);
        assertFalse(c.toString().contains("secret"));
    }

    @Test
    void rolesIncludeTheLowerOnes() {
        assertTrue(Role.ADMIN.includes(Role.OPERATOR));
        assertTrue(Role.OPERATOR.includes(Role.VIEWER));
        assertFalse(Role.VIEWER.includes(Role.OPERATOR));
        assertEquals(Role.OPERATOR, Role.fromId("Operator"));
    }
}
