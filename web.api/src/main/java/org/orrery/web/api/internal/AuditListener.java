package org.orrery.web.api.internal;

import org.orrery.security.AuditEntry;
import org.orrery.security.AuditLog;
import org.orrery.security.AuthenticatedUser;
import org.orrery.web.api.ApiContext;
import org.orrery.web.audit.AuditingRequestListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Writes every API call that may change something (any method but GET, HEAD and OPTIONS), and
 * every refused one (401, 403, 429), to the audit log: who, what, from where, and the status
 * actually sent (see {@link AuditingRequestListener}: it runs when the request is done, so the
 * status is the one the client got, not the one a servlet had set when it failed).
 */
@Component(service = ServletRequestListener.class, property = {
        ApiContext.SELECT, "osgi.http.whiteboard.listener=true" })
public final class AuditListener extends AuditingRequestListener {

    /**
     * Request attribute: what a call acted on that its path does not name (the tasks of several
     * reports at once), written after the path in the audit line's target.
     */
    static final String TARGETS_ATTRIBUTE = "org.orrery.web.api.audit.targets";

    @Activate
    public AuditListener(@Reference AuditLog audit) {
        super(audit);
    }

    @Override
    protected AuditEntry entry(HttpServletRequest request, int status) {
        AuthenticatedUser user = request.getAttribute(ApiContext.USER_ATTRIBUTE) instanceof AuthenticatedUser u ? u : null;
        String query = request.getQueryString();
        return new AuditEntry(user == null ? null : user.name(), user == null ? null : user.role(), request.getMethod(),
                request.getRequestURI() + (query == null ? "" : "?" + query) + (request.getAttribute(TARGETS_ATTRIBUTE)
                        instanceof String more ? " " + more : ""), "status=" + status, request.getRemoteAddr());
    }
}
