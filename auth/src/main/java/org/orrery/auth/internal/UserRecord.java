package org.orrery.auth.internal;

import java.util.Objects;

import org.orrery.security.Role;

/** One user as the directory holds it: name, role and password hash (never the password). */
record UserRecord(String name, Role role, String passwordHash) {

    UserRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "password hash");
    }
}
