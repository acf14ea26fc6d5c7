package org.orrery.web.api.internal;

import org.orrery.security.AuthenticatedUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Records every call that may change something (any method but GET, HEAD and OPTIONS), and
 * every refused one: who, what, from where, with what outcome. The logger
 * {@value #LOGGER} goes to {@code logs/audit.log}.
 */
final class AuditLog {

    static final String LOGGER = "org.orrery.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private AuditLog() {
    }

    static void record(HttpServletRequest request, AuthenticatedUser user, int status) {
        String method = request.getMethod();
        boolean reading = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
        if (reading && status != 401 && status != 403) {
            return;
        }
        String query = request.getQueryString();
        LOG.info("user={} role={} {} {}{} status={} from={}", user == null ? "-" : user.name(),
                user == null ? "-" : user.role().id(), method, request.getRequestURI(),
                query == null ? "" : "?" + query.replaceAll("[\\r\\n]", "_"), status, request.getRemoteAddr());
    }
}
