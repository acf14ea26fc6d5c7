package org.orrery.auth.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
    void clearOverwritesThePasswordAndToStringHidesIt() {
        BasicCredentials c = BasicCredentials.parse(header("admin:secret")).orElseThrow();
        char[] password = c.password();
        c.clear();
        assertArrayEquals(new char[6], password);
        assertFalse(c.toString().contains("secret"));
    }
}
