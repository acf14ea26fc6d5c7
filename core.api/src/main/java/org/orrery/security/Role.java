package org.orrery.security;

import java.util.Locale;

/**
 * What a user may do. Each role includes the rights of the roles before it:
 * an operator may watch, an admin may operate.
 */
public enum Role {
    /** Reads state: tasks, devices, logs, metrics. */
    VIEWER,
    /** Also submits, cancels, pauses and resumes work. */
    OPERATOR,
    /** Also manages users, tokens, bundles and configuration. */
    ADMIN;

    /** True when this role carries at least the rights of {@code required}. */
    public boolean includes(Role required) {
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
        throw new IllegalArgumentException("unknown role '" + id + "': expected viewer, operator or admin");
    }
}
