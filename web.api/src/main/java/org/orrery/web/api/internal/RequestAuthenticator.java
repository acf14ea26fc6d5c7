package org.orrery.web.api.internal;

import java.util.Optional;

import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Authenticator;
import org.orrery.security.BasicCredentials;

/**
 * Turns an HTTP {@code Authorization} header into a user: the one place where the REST API and
 * the WebSocket stream check credentials, so both accept exactly the same ones.
 */
final class RequestAuthenticator {

    private final Authenticator authenticator;

    RequestAuthenticator(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The user of an {@code Authorization} header (HTTP Basic or Bearer token), or empty when absent or wrong. */
    Optional<AuthenticatedUser> authenticate(String authorizationHeader) {
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authenticator.authenticateToken(authorizationHeader.substring(7).trim());
        }
        return BasicCredentials.parse(authorizationHeader).flatMap(c -> c.authenticateWith(authenticator));
    }
}
