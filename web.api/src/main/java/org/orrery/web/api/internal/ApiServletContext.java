package org.orrery.web.api.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Authenticator;
import org.orrery.web.api.ApiContext;
import org.orrery.web.audit.AuditingRequestListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Orrery's API servlet context at {@value ApiContext#PATH}: every request but the public ones
 * (health) must carry valid credentials, whichever bundle's servlet serves it. The
 * {@link AuditListener} records the outcome once the request is done.
 */
@Component(service = ServletContextHelper.class, property = {
        "osgi.http.whiteboard.context.name=" + ApiContext.NAME,
        "osgi.http.whiteboard.context.path=" + ApiContext.PATH })
public final class ApiServletContext extends ServletContextHelper {

    /** Paths inside the context that answer without credentials. */
    static final Set<String> PUBLIC_PATHS = Set.of("/health");

    private final RequestAuthenticator authenticator;

    @Activate
    public ApiServletContext(@Reference Authenticator authenticator) {
        this.authenticator = new RequestAuthenticator(authenticator);
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuditingRequestListener.remember(request, response);
        String path = request.getPathInfo() == null ? request.getServletPath() : request.getServletPath() + request.getPathInfo();
        if (PUBLIC_PATHS.contains(path)) {
            return true;
        }
        Optional<AuthenticatedUser> user = authenticator.authenticateOrRefuse(request, response);
        if (user.isPresent()) {
            request.setAttribute(ApiContext.USER_ATTRIBUTE, user.get());
            request.setAttribute(REMOTE_USER, user.get().name());
            request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
            return true;
        }
        return false;
    }
}
