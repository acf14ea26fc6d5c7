package org.orrery.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's audit log (a file of its own, {@code logs/audit.log}): the REST API, the
 * WebSocket stream and the Web Console record there every call that may change something and
 * every refused one. The platform provides one as a service.
 */
@ProviderType
public interface AuditLog {

    /** The user name written for a call without a user. */
    String ANONYMOUS = "-";

    /** Writes one entry, with secrets in its target masked. */
    void record(AuditEntry entry);

    /**
     * What the audit log holds, for every HTTP surface alike: a call that may change something
     * (any method but GET, HEAD and OPTIONS), and a refused call (401, 403, 429), whatever its method.
     */
    static boolean isRecorded(String httpMethod, int status) {
        boolean reading = "GET".equals(httpMethod) || "HEAD".equals(httpMethod) || "OPTIONS".equals(httpMethod);
        return !reading || isRefusal(status);
    }

    /** True for the statuses of a refused call: 401, 403 and 429. */
    static boolean isRefusal(int status) {
        return status == 401 || status == 403 || status == 429;
    }
}
