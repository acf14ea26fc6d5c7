package org.orrery.web.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Authentication;
import org.orrery.security.Authenticator;
import org.orrery.security.Role;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Lets the Felix Web Console accept exactly Orrery's admins (HTTP Basic, throttled like every
 * Orrery login). The launcher names this provider ({@value #ID}) in the framework property
 * {@code felix.webconsole.security.providers}, so the console serves nothing, not even with
 * its built-in admin/admin, until this provider is registered.
 *
 * <p>The console administers the whole runtime (bundles, configuration, components), so every
 * one of its URLs admits users with the admin role only: the role is checked here, in
 * {@link #authenticate}, because the console calls {@link #authorize} only where a plugin asks
 * for a role, and most never do. A state-changing request from another site's page is refused
 * ({@link ConsoleOrigins}).
 */
@Component(service = SecurityProvider.class, property = SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurityProvider.ID)
public final class ConsoleSecurityProvider implements SecurityProvider {

    static final String ID = "orrery";
    static final String REALM = "Orrery Web Console";

    private final Authenticator authenticator;
    private final ConsoleOrigins origins;
    private final BundleContext context;

    @Activate
    public ConsoleSecurityProvider(@Reference Authenticator authenticator, BundleContext context) {
        this(authenticator, ConsoleOrigins.fromProperties(context::getProperty), context);
    }

    ConsoleSecurityProvider(Authenticator authenticator, ConsoleOrigins origins, BundleContext context) {
        this.authenticator = authenticator;
        this.origins = origins;
        this.context = context;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        ConsoleAuditListener.remember(request, response, context);
        Authentication login = authenticator.authenticateHttp(request.getHeader("Authorization"), request.getRemoteAddr());
        if (login.outcome() == Authentication.Outcome.THROTTLED) {
            response.setHeader("Retry-After", Long.toString(login.retryAfterSeconds()));
            return refuse(response, 429, "Too many failed logins for this user or from this address: try again in "
                    + login.retryAfterSeconds() + " s.");
        }
        if (login.accepted().isEmpty()) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            return refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Log in as an Orrery admin.");
        }
        AuthenticatedUser user = login.accepted().get();
        request.setAttribute(ConsoleAuditListener.USER_ATTRIBUTE, user);
        if (!user.may(Role.ADMIN)) {
            return refuse(response, HttpServletResponse.SC_FORBIDDEN, "User '" + user.name() + "' has the role "
                    + user.role().id() + "; the Web Console admits admins only.");
        }
        String csrf = origins.refusal(request.getMethod(), request.getHeader("Origin"), request.getHeader("Referer"));
        if (csrf != null) {
            return refuse(response, HttpServletResponse.SC_FORBIDDEN, csrf + ".");
        }
        return user;
    }

    private static Object refuse(HttpServletResponse response, int status, String message) {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        // the request's body stays unread: the connection cannot carry another request
        response.setHeader("Connection", "close");
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IOException e) {
            // the client is gone; the status is what counts
        }
        return null;
    }

    @Override
    public boolean authorize(Object user, String role) {
        return user instanceof AuthenticatedUser authenticated && authenticated.may(Role.ADMIN);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // Basic authentication has no server-side session to end; the browser forgets on 401.
    }
}
