package org.orrery.runtime.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * {@code orrery reset-admin-password}: the launcher cannot write the user store (its format and
 * its hashes belong to the auth bundle), so it leaves a request, {@value #REQUEST} in {@code
 * data/} (0600), holding the new password; the auth bundle applies it at the next start (the
 * {@code admin} user gets that password, and role admin) and deletes the file. A generated password
 * is also written where the first start writes it, {@code etc/initial-admin-password} (0600); one
 * from {@code ORRERY_ADMIN_PASSWORD} is not written anywhere else. Refused while a runtime uses the
 * home.
 */
final class AdminPasswordReset {

    /** The request the auth bundle reads (its {@code AdminPasswordReset.REQUEST}). */
    static final String REQUEST = "admin-password.reset";
    static final String PASSWORD_FILE = "initial-admin-password";
    static final int GENERATED_LENGTH = 20;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Path home;
    private final RandomGenerator random;

    AdminPasswordReset(Path home, RandomGenerator random) {
        this.home = home;
        this.random = random;
    }

    AdminPasswordReset(Path home) {
        this(home, new SecureRandom());
    }

    /**
     * Leaves the request.
     *
     * @return where the password is, in words, for the person who asked
     */
    String reset(Map<String, String> environment) throws LaunchException, IOException {
        if (!Files.isDirectory(home.resolve("data"))) {
            throw new LaunchException("there is no Orrery home at " + home + " (no data/ folder): set "
                    + HomeFolder.ENV + " to the home, or start Orrery once to create it");
        }
        RuntimeSettings.checkAdminPassword(environment);
        try (HomeFolder opened = HomeFolder.open(home)) {
            String given = environment.get(RuntimeSettings.ADMIN_PASSWORD_ENV);
            boolean generated = given == null || given.isBlank();
            String password = generated ? generate() : given;
            if (generated) {
                replace(opened.etc().resolve(PASSWORD_FILE), password + "\n");
            }
            replace(opened.data().resolve(REQUEST), password);
            return generated
                    ? "The new admin password is in " + opened.etc().resolve(PASSWORD_FILE)
                            + " (readable by its owner only). It takes effect at the next start."
                    : "The admin password is the one in " + RuntimeSettings.ADMIN_PASSWORD_ENV
                            + ". It takes effect at the next start.";
        }
    }

    String generate() {
        StringBuilder out = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static void replace(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try (OutputStream out = OwnerOnly.create(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
