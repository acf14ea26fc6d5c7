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
 * (health, the sign-in) must carry valid credentials, whichever bundle's servlet serves it; the
 * event stream also opens with a ticket ({@link StreamTickets}). Before that:
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
    /** The sign-in ({@code POST}): no credentials in a header, the user and password in the body. */
    static final String SIGN_IN_PATH = "/session";
    /** The event stream, which also opens with a ticket instead of an {@code Authorization} header. */
    static final String STREAM_PATH = "/ws";
    /** The query parameter of a stream ticket. */
    static final String TICKET = "ticket";
    /** Request attribute: the {@code Authorization} header that asked for the ticket the request was let in by. */
    static final String TICKET_CREDENTIAL = ApiServletContext.class.getName() + ".ticketCredential";
    /** Request attribute: the client whose request counts against its bound. */
    private static final String LIMITED_CLIENT = ApiServletContext.class.getName() + ".client";

    private final RequestAuthenticator authenticator;
    private final OriginPolicy origins;
    private final StreamTickets tickets;
    private final ClientLimiter limiter = new ClientLimiter(ClientLimiter.DEFAULT_LIMIT);

    @Activate
    public ApiServletContext(BundleContext context, @Reference Authenticator authenticator,
            @Reference StreamTickets tickets) {
        this.authenticator = new RequestAuthenticator(authenticator);
        this.origins = OriginPolicy.of(context);
        this.tickets = tickets;
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
        if (SIGN_IN_PATH.equals(path) && "POST".equals(request.getMethod())) {
            return true; // the sign-in checks the user and password of its body itself
        }
        Optional<AuthenticatedUser> user;
        if (PUBLIC_PATHS.contains(path)) {
            // answered without credentials; with valid ones, the answer says more
            user = authenticator.authenticate(request.getHeader("Authorization"), request.getRemoteAddr());
            if (user.isEmpty()) {
                return true;
            }
        } else if (STREAM_PATH.equals(path) && request.getHeader("Authorization") == null
                && request.getParameter(TICKET) != null) {
            user = redeem(request, response);
            if (user.isEmpty()) {
                return false;
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

    /**
     * The user of a stream ticket ({@code GET /ws?ticket=…}, without an {@code Authorization}
     * header): the ticket is redeemed (once) and the credential that asked for it must still
     * authenticate as the same user; its header is left in {@link #TICKET_CREDENTIAL} for the
     * stream to recheck. When there is no user, the 401 naming why has been sent.
     */
    private Optional<AuthenticatedUser> redeem(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StreamTickets.Redemption redeemed = tickets.redeem(request.getParameter(TICKET));
        String refusal = redeemed.refusal();
        if (refusal == null) {
            Optional<AuthenticatedUser> now = authenticator.authenticate(redeemed.authorization(), request.getRemoteAddr());
            if (now.isPresent() && now.get().name().equals(redeemed.user().name())) {
                request.setAttribute(TICKET_CREDENTIAL, redeemed.authorization());
                return now;
            }
            refusal = "the credential that asked for the ticket is no longer valid";
        }
        Problems.challengeBearer(response);
        refuse(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", refusal);
        return Optional.empty();
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
