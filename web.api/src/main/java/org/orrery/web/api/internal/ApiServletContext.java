package org.orrery.web.api.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Authenticator;
import org.orrery.web.api.ApiContext;
import org.orrery.web.audit.AuditingRequestListener;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Orrery's API servlet context at {@value ApiContext#PATH}: every request but the public ones
 * (health) must carry valid credentials, whichever bundle's servlet serves it. Before that:
 * TRACE is refused (405), a state-changing call from a page of another site is refused (403,
 * {@link OriginPolicy}); after it, one user may have at most {@link ClientLimiter#DEFAULT_LIMIT}
 * requests in progress (429 past that). The {@link AuditListener} records the outcome of every
 * request once it is done.
 */
@Component(service = ServletContextHelper.class, property = {
        "osgi.http.whiteboard.context.name=" + ApiContext.NAME,
        "osgi.http.whiteboard.context.path=" + ApiContext.PATH })
public final class ApiServletContext extends ServletContextHelper {

    /** Paths inside the context that answer without credentials. */
    static final Set<String> PUBLIC_PATHS = Set.of("/health");
    /** Request attribute: the client whose request counts against its bound. */
    private static final String LIMITED_CLIENT = ApiServletContext.class.getName() + ".client";

    private final RequestAuthenticator authenticator;
    private final OriginPolicy origins;
    private final ClientLimiter limiter = new ClientLimiter(ClientLimiter.DEFAULT_LIMIT);

    @Activate
    public ApiServletContext(BundleContext context, @Reference Authenticator authenticator) {
        this.authenticator = new RequestAuthenticator(authenticator);
        this.origins = OriginPolicy.of(context);
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuditingRequestListener.remember(request, response);
        if ("TRACE".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
            return refuse(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
                    "TRACE is not allowed");
        }
        if (!OriginPolicy.reading(request.getMethod()) && !origins.allows(request.getHeader("Origin"))) {
            return refuse(request, response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                    origins.refusal(request.getHeader("Origin")));
        }
        String path = request.getPathInfo() == null ? request.getServletPath() : request.getServletPath() + request.getPathInfo();
        Optional<AuthenticatedUser> user;
        if (PUBLIC_PATHS.contains(path)) {
            // answered without credentials; with valid ones, the answer says more
            user = authenticator.authenticate(request.getHeader("Authorization"), request.getRemoteAddr());
            if (user.isEmpty()) {
                return true;
            }
        } else {
            user = authenticator.authenticateOrRefuse(request, response);
            if (user.isEmpty()) {
                return false;
            }
        }
        // counted once, also when the container runs this again for an error page of the same request
        if (request.getAttribute(LIMITED_CLIENT) == null && !limiter.acquire(user.get().name())) {
            response.setHeader("Retry-After", "1");
            request.setAttribute(ApiContext.USER_ATTRIBUTE, user.get());
            return refuse(request, response, 429, "Too Many Requests", "user '" + user.get().name()
                    + "' has " + limiter.limit() + " requests in progress, the most one user may have at once");
        }
        request.setAttribute(LIMITED_CLIENT, user.get().name());
        request.setAttribute(ApiContext.USER_ATTRIBUTE, user.get());
        request.setAttribute(REMOTE_USER, user.get().name());
        request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
        return true;
    }

    /** Answers a refusal before any servlet runs; the request body is not read, so the connection closes. */
    private static boolean refuse(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail) throws IOException {
        if (RequestBody.announced(request)) {
            response.setHeader("Connection", "close");
        }
        Problems.send(response, status, title, detail);
        return false;
    }

    @Override
    public void finishSecurity(HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(LIMITED_CLIENT) instanceof String client) {
            request.removeAttribute(LIMITED_CLIENT);
            limiter.release(client);
        }
    }
}
