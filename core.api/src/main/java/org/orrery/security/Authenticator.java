package org.orrery.security;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Verifies credentials. The platform provides one as a service; the REST API, the WebSocket
 * stream and the Web Console all use it, so a user has the same password everywhere.
 */
@ProviderType
public interface Authenticator {

    /**
     * Checks a user name and password.
     *
     * @return the user when the password is right; empty for an unknown user or a wrong
     *         password (the two are not told apart, so names cannot be probed)
     */
    Optional<AuthenticatedUser> authenticate(String userName, char[] password);

    /**
     * Checks an API token (as sent in {@code Authorization: Bearer ...}).
     *
     * @return the token's user, with the token's role; empty for an unknown, revoked or expired token
     *         (and always, from an authenticator that has no tokens)
     */
    default Optional<AuthenticatedUser> authenticateToken(String token) {
        return Optional.empty();
    }
}
