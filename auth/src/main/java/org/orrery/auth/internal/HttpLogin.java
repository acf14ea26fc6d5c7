package org.orrery.auth.internal;

import java.time.Duration;
import java.util.Optional;

import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Authentication;
import org.orrery.security.Authenticator;

/**
 * Logins over HTTP: reads an {@code Authorization} header (Basic or Bearer) and checks it
 * through the {@link LoginThrottle}, so the REST API, the WebSocket stream and the Web Console
 * throttle failed logins the same way.
 */
final class HttpLogin {

    private final Authenticator directory;
    private final LoginThrottle throttle;

    HttpLogin(Authenticator directory, LoginThrottle throttle) {
        this.directory = directory;
        this.throttle = throttle;
    }

    Authentication authenticate(String header, String address) {
        if (header == null || header.isBlank()) {
            return Authentication.REFUSED; // a client asking to be asked for credentials, not a guess
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return check(null, address, () -> directory.authenticateToken(header.substring(7).trim()));
        }
        Optional<BasicCredentials> parsed = BasicCredentials.parse(header);
        if (parsed.isEmpty()) {
            return check(null, address, Optional::empty);
        }
        BasicCredentials credentials = parsed.get();
        try {
            return check(credentials.user(), address, () -> directory.authenticate(credentials.user(), credentials.password()));
        } finally {
            credentials.clear();
        }
    }

    private Authentication check(String user, String address, java.util.function.Supplier<Optional<AuthenticatedUser>> verify) {
        Duration wait = throttle.blocked(user, address);
        if (!wait.isZero()) {
            return Authentication.throttled(wait);
        }
        Optional<AuthenticatedUser> verified = verify.get();
        if (verified.isPresent()) {
            throttle.succeeded(user, address);
            return Authentication.accepted(verified.get());
        }
        throttle.failed(user, address);
        return Authentication.REFUSED;
    }
}
