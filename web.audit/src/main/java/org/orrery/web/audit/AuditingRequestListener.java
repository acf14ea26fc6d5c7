package org.orrery.web.audit;

import org.orrery.security.AuditEntry;
import org.orrery.security.AuditLog;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes the audit log of one servlet context (register a subclass as a whiteboard listener on
 * it): when a request is done — after the HTTP service has turned an exception into a 500 — it
 * records every call that may change something and every refused one, with the status actually
 * sent. The context's security check must {@link #remember} the response, which a request
 * listener is not given.
 */
public abstract class AuditingRequestListener implements ServletRequestListener {

    /** Request attribute holding the response, for its status once the request is done. */
    public static final String RESPONSE_ATTRIBUTE = "org.orrery.web.audit.response";

    private final AuditLog audit;

    protected AuditingRequestListener(AuditLog audit) {
        this.audit = audit;
    }

    /** Called by the security check, the first code that sees both request and response. */
    public static void remember(HttpServletRequest request, HttpServletResponse response) {
        request.setAttribute(RESPONSE_ATTRIBUTE, response);
    }

    @Override
    public final void requestDestroyed(ServletRequestEvent event) {
        if (event.getServletRequest() instanceof HttpServletRequest request
                && request.getAttribute(RESPONSE_ATTRIBUTE) instanceof HttpServletResponse response
                && AuditLog.isRecorded(request.getMethod(), response.getStatus())) {
            audit.record(entry(request, response.getStatus()));
        }
    }

    /** The entry of a finished request that may have changed something, or was refused. */
    protected abstract AuditEntry entry(HttpServletRequest request, int status);
}
