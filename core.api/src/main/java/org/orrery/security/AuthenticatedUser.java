package org.orrery.security;

import java.util.Objects;

/**
 * A user whose credentials were verified.
 *
 * @param name the user name
 * @param role the user's role
 */
public record AuthenticatedUser(String name, Role role) {
    public AuthenticatedUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    /** True when this user may do what {@code required} allows. */
    public boolean may(Role required) {
        return role.includes(required);
    }
}
