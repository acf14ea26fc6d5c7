package org.orrery.web.api.internal;

import org.orrery.security.AuditEntry;
import org.orrery.security.AuditLog;
import org.orrery.security.AuthenticatedUser;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes every API call that may change something (any method but GET, HEAD and OPTIONS), and
 * every refused one (401, 403, 429), to the audit log: who, what, from where, and the status
 * actually sent. It runs when the request is done — after the HTTP service has turned an
 * exception into a 500 — so the status is the one the client got, not the one a servlet had set
 * when it failed.
 */
@Component(service = ServletRequestListener.class, property = {
        ApiContext.SELECT, "osgi.http.whiteboard.listener=true" })
public final class AuditListener implements ServletRequestListener {

    /** Request attribute holding the response, for the status once the request is done. */
    static final String RESPONSE_ATTRIBUTE = AuditListener.class.getName() + ".response";

    private final AuditLog audit;

    @Activate
    public AuditListener(@Reference AuditLog audit) {
        this.audit = audit;
    }

    /** Called by the context's security check, the first thing that sees both request and response. */
    static void remember(HttpServletRequest request, HttpServletResponse response) {
        request.setAttribute(RESPONSE_ATTRIBUTE, response);
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        if (event.getServletRequest() instanceof HttpServletRequest request
                && request.getAttribute(RESPONSE_ATTRIBUTE) instanceof HttpServletResponse response
                && AuditLog.isRecorded(request.getMethod(), response.getStatus())) {
            audit.record(entry(request, response.getStatus()));
        }
    }

    /** The audit entry of a finished request. */
    static AuditEntry entry(HttpServletRequest request, int status) {
        String method = request.getMethod();
        AuthenticatedUser user = request.getAttribute(ApiContext.USER_ATTRIBUTE) instanceof AuthenticatedUser u ? u : null;
        String query = request.getQueryString();
        return new AuditEntry(user == null ? null : user.name(), user == null ? null : user.role(), method,
                request.getRequestURI() + (query == null ? "" : "?" + query), "status=" + status, request.getRemoteAddr());
    }
}
