package org.orrery.auth.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.orrery.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the request {@code orrery reset-admin-password} leaves in {@code data/} while no runtime
 * runs ({@value #REQUEST}, 0600, the new password): at activation the {@code admin} user gets that
 * password and the role admin (and is created if it was removed), the user store is written, the
 * admin's API tokens (and the dashboard's sign-in tokens, which are API tokens) are revoked — a
 * password is reset because it may have leaked, and so may whatever it was used to make — and the
 * request deleted (last, so that a crash in between applies it again). The launcher writes no user store itself: its format and hashes are this
 * bundle's.
 */
final class AdminPasswordReset {

    /** The launcher's {@code AdminPasswordReset.REQUEST}. */
    static final String REQUEST = "admin-password.reset";

    private static final Logger LOG = LoggerFactory.getLogger(AdminPasswordReset.class);

    private AdminPasswordReset() {
    }

    /** Whether the launcher left a request in {@code data}. */
    static boolean requested(Path data) {
        return Files.exists(data.resolve(REQUEST));
    }

    /**
     * The users with the request applied (and written to {@code file}), or {@code users} as they are
     * when there is no request. A request with a password too short is left in place and logged.
     */
    static List<UserRecord> apply(Path data, List<UserRecord> users, PasswordHasher hasher, UserFile file,
            TokenFile tokens) throws IOException {
        Path request = data.resolve(REQUEST);
        if (!Files.exists(request)) {
            return users;
        }
        char[] password = Files.readString(request, StandardCharsets.UTF_8).toCharArray();
        if (password.length < UserDirectory.MIN_PASSWORD) {
            LOG.error("{} holds a password of {} characters; a password needs at least {}: the admin password is not reset",
                    request, password.length, UserDirectory.MIN_PASSWORD);
            return users;
        }
        UserRecord admin = new UserRecord(UserDirectory.ADMIN, Role.ADMIN, hasher.hash(password));
        List<UserRecord> next = new ArrayList<>();
        for (UserRecord user : users) {
            if (!user.name().equals(UserDirectory.ADMIN)) {
                next.add(user);
            }
        }
        next.add(0, admin);
        file.write(next);
        List<TokenFile.Stored> all = tokens.read();
        List<TokenFile.Stored> kept = all.stream().filter(t -> !t.token().user().equals(UserDirectory.ADMIN)).toList();
        if (kept.size() != all.size()) {
            tokens.write(kept);
        }
        Files.delete(request);
        LOG.warn("The password of '{}' was reset (orrery reset-admin-password); {} of its token(s) revoked",
                UserDirectory.ADMIN, all.size() - kept.size());
        return List.copyOf(next);
    }
}
