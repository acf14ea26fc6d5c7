package org.orrery.security;

import java.util.Objects;

/**
 * One line of the audit log: who did what to which target, with what outcome, from where.
 *
 * @param user the user's name, or null for an anonymous or unauthenticated call
 * @param role the user's role, or null when there is no user
 * @param action what was done, e.g. {@code POST} or {@code console bundle stop}
 * @param target what it was done to, e.g. {@code /api/v1/users} or a bundle's symbolic name;
 *            secrets in a query string ({@code password=}, {@code access_token=}, …) are masked
 *            by the audit log
 * @param outcome how it ended, e.g. {@code status=201}
 * @param from the client's address
 */
public record AuditEntry(String user, Role role, String action, String target, String outcome, String from) {

    public AuditEntry {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
    }
}
