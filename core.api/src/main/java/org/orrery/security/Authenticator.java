package org.orrery.security;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Verifies credentials. The platform provides one as a service; the REST API, the WebSocket
 * stream and the Web Console all use it, so a user has the same password everywhere, and the
 * same throttling of failed logins applies everywhere. Only the platform implements it
 * ({@code @ProviderType}): adding a method is a minor change for its callers.
 */
@ProviderType
public interface Authenticator {

    /**
     * Checks the value of an HTTP {@code Authorization} header sent from a network address:
     * {@code Basic} (RFC 7617, UTF-8) with a user's password, or {@code Bearer} with an API token.
     * Failed attempts slow down further attempts for the same user and from the same address; a
     * throttled attempt is answered without checking the credentials.
     *
     * @param authorizationHeader the header's value, or null when the request has none
     * @param remoteAddress the client's address (for throttling)
     */
    Authentication authenticateHttp(String authorizationHeader, String remoteAddress);

    /**
     * Checks a user name and password (not throttled: network callers use
     * {@link #authenticateHttp}).
     *
     * @return the user when the password is right; empty for an unknown user or a wrong
     *         password (the two are not told apart, so names cannot be probed)
     */
    Optional<AuthenticatedUser> authenticate(String userName, char[] password);

    /**
     * Checks an API token (as sent in {@code Authorization: Bearer ...}); not throttled.
     *
     * @return the token's user, with the token's role; empty for an unknown, revoked or expired token
     */
    Optional<AuthenticatedUser> authenticateToken(String token);
}
