package org.orrery.web.console.internal;

import java.util.Optional;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Authenticator;
import org.orrery.security.BasicCredentials;
import org.orrery.security.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Lets the Felix Web Console accept exactly Orrery's users (HTTP Basic). The launcher names
 * this provider ({@value #ID}) in the framework property
 * {@code felix.webconsole.security.providers}, so the console serves nothing, not even with
 * its built-in admin/admin, until this provider is registered.
 *
 * <p>The console administers the whole runtime (bundles, configuration, components), so it
 * admits users with the admin role only.
 */
@Component(service = SecurityProvider.class, property = SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurityProvider.ID)
public final class ConsoleSecurityProvider implements SecurityProvider {

    static final String ID = "orrery";
    static final String REALM = "Orrery Web Console";

    private final Authenticator authenticator;

    @Activate
    public ConsoleSecurityProvider(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        Optional<AuthenticatedUser> user = BasicCredentials.parse(request.getHeader("Authorization"))
                .flatMap(credentials -> credentials.authenticateWith(authenticator));
        if (user.isPresent()) {
            return user.get();
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentLength(0);
        return null;
    }

    @Override
    public boolean authorize(Object user, String role) {
        if (!(user instanceof AuthenticatedUser authenticated)) {
            return false;
        }
        return authenticated.may(Role.ADMIN);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // Basic authentication has no server-side session to end; the browser forgets on 401.
    }
}
