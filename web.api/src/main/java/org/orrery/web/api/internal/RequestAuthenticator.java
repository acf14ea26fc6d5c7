package org.orrery.web.api.internal;

import java.io.IOException;
import java.util.Optional;

import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Authentication;
import org.orrery.security.Authenticator;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Turns a request's {@code Authorization} header into a user: the one place where the REST API
 * and the WebSocket stream check credentials, so both accept exactly the same ones and throttle
 * failed logins alike.
 */
final class RequestAuthenticator {

    private final Authenticator authenticator;

    RequestAuthenticator(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /**
     * The request's user; when there is none, the refusal is sent (401, or 429 with
     * {@code Retry-After} while failed logins are throttled) and the result is empty.
     */
    Optional<AuthenticatedUser> authenticateOrRefuse(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Authentication login = authenticator.authenticateHttp(request.getHeader("Authorization"), request.getRemoteAddr());
        if (login.accepted().isEmpty() && RequestBody.announced(request)) {
            response.setHeader("Connection", "close"); // the body is not read
        }
        if (login.outcome() == Authentication.Outcome.THROTTLED) {
            response.setHeader("Retry-After", Long.toString(login.retryAfterSeconds()));
            Problems.send(response, 429, "Too Many Requests", "too many failed logins for this user or from this address: "
                    + "try again in " + login.retryAfterSeconds() + " s");
        } else if (login.accepted().isEmpty()) {
            if (Problems.bearer(request.getHeader("Authorization"))) {
                Problems.challengeBearer(response);
            }
            Problems.send(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "valid credentials are required: HTTP Basic (user and password) or a Bearer API token");
        }
        return login.accepted();
    }

    /**
     * The user of this header, or empty when it is absent, wrong or throttled; nothing is sent. A
     * wrong credential counts as a failed login, as everywhere.
     */
    Optional<AuthenticatedUser> authenticate(String authorizationHeader, String remoteAddress) {
        return authorizationHeader == null ? Optional.empty()
                : authenticator.authenticateHttp(authorizationHeader, remoteAddress).accepted();
    }
}
