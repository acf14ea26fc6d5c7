package org.orrery.security;

import java.util.Locale;

/**
 * What a user may do. Viewer, operator and admin form a chain, each including the rights of the
 * roles before it: an operator may watch, an admin may operate. {@link #AGENT} stands outside the
 * chain: it may do nothing but a remote agent's own calls; an admin may make those too.
 */
public enum Role {
    /** Reads state: tasks, devices, logs, metrics. */
    VIEWER,
    /** Also submits, cancels, pauses and resumes work. */
    OPERATOR,
    /** Also manages users, tokens, bundles and configuration. */
    ADMIN,
    /**
     * A remote agent (since 2.1.0): registers, claims, heartbeats, completes and fails tasks for
     * the agent whose id is its user's name, and nothing else (not even watching).
     */
    AGENT;

    /**
     * True when this role carries at least the rights of {@code required}: along the chain
     * viewer &lt; operator &lt; admin; {@link #AGENT} is included by itself and by admin only, and
     * includes nothing but itself.
     */
    public boolean includes(Role required) {
        if (this == AGENT || required == AGENT) {
            return this == required || this == ADMIN;
        }
        return ordinal() >= required.ordinal();
    }

    /** The lower-case name used in JSON and configuration, e.g. {@code "operator"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a role name in any case.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code id} is none of them
     */
    public static Role fromId(String id) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + id + "': expected viewer, operator, admin or agent");
    }
}
