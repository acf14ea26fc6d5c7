package org.orrery.security;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Managing users and API tokens (the admin's part of the REST API). Passwords and tokens are
 * stored hashed; a token's secret is shown once, when it is created.
 */
@ProviderType
public interface UserAdmin {

    /** A user as listed (never with a password). */
    record User(String name, Role role) {
    }

    /**
     * An API token as listed: its secret is never shown again.
     *
     * @param id identifies the token (for revoking); part of the token itself
     * @param user whose token it is
     * @param role what it may do (at most its user's role)
     * @param description what it is for, for people
     * @param createdAt when it was created
     * @param expiresAt when it stops working, or null
     */
    record Token(String id, String user, Role role, String description, Instant createdAt, Instant expiresAt) {
    }

    /** A token just created: {@code secret} is the whole token to send as {@code Bearer}, shown this once. */
    record IssuedToken(Token token, String secret) {
    }

    List<User> users();

    /**
     * Creates a user.
     *
     * @throws IllegalArgumentException the name is taken or not allowed, or the password is too short
     */
    User createUser(String name, Role role, char[] password);

    /** Changes a user's password. @throws IllegalArgumentException unknown user or too short a password */
    void setPassword(String name, char[] password);

    /** Removes a user and their tokens. @throws IllegalArgumentException unknown user, or the last admin */
    void deleteUser(String name);

    List<Token> tokens();

    /**
     * Creates an API token for a user.
     *
     * @param role the token's role, at most the user's (null: the user's)
     * @throws IllegalArgumentException unknown user, or a role above the user's
     */
    IssuedToken createToken(String user, Role role, String description, Instant expiresAt);

    /** Revokes a token at once. @return false if no token has this id */
    boolean revokeToken(String id);
}
