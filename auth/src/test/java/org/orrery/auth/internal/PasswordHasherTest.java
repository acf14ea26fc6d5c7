package org.orrery.auth.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(new SecureRandom(), 1_000);

    @Test
    void rightPasswordVerifiesAndWrongOneDoesNot() {
        String hash = hasher.hash("s3cret pass".toCharArray());
        assertTrue(hasher.verify("s3cret pass".toCharArray(), hash));
        assertFalse(hasher.verify("s3cret pass ".toCharArray(), hash));
        assertFalse(hasher.verify("".toCharArray(), hash));
    }

    @Test
    void hashNeverContainsThePasswordAndIsSaltedPerCall() {
        String first = hasher.hash("admin".toCharArray());
        String second = hasher.hash("admin".toCharArray());
        assertFalse(first.contains("admin"));
        assertNotEquals(first, second);
        assertTrue(first.startsWith("pbkdf2-sha256$1000$"));
    }

    @Test
    void hashRecordsItsIterationsSoOldHashesStillVerify() {
        String oldHash = new PasswordHasher(new SecureRandom(), 500).hash("pw".toCharArray());
        assertTrue(hasher.verify("pw".toCharArray(), oldHash));
    }

    @Test
    void malformedHashIsRejectedWithAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> hasher.verify("pw".toCharArray(), "md5$abc"));
        assertTrue(e.getMessage().contains("pbkdf2-sha256"));
        assertThrows(IllegalArgumentException.class, () -> hasher.verify("pw".toCharArray(), "pbkdf2-sha256$x$y$z"));
    }

    @Test
    void generatedPasswordsAreLongAndDiffer() {
        String a = hasher.generatePassword(20);
        String b = hasher.generatePassword(20);
        assertTrue(a.matches("[A-Za-z0-9]{20}"), a);
        assertNotEquals(a, b);
    }
}
